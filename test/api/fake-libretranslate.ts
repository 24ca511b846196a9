import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers: as LibreTranslate does, or as a broken service would. */
export type FakeMode = 'ok' | 'down' | 'slow' | 'garbage' | 'wrongScript' | 'huge';

const PHRASES: Record<string, string> = {
  az: 'Maşın tərcüməsi',
  hy: 'Մեքենայական թարգմանություն',
  ru: 'Машинный перевод',
  en: 'Machine translation',
};

/**
 * A local stand-in for a LibreTranslate server (POST /translate {q, source, target, format, api_key} →
 * {translatedText}), for tests: it answers in the target language's script with a numbered phrase, and records
 * every request so a test can tell what was sent.
 */
export async function startFakeLibreTranslate(): Promise<{ url: string; mode: FakeMode; requests: Array<Record<string, unknown>>; close: () => Promise<void> }> {
  const state = { mode: 'ok' as FakeMode, requests: [] as Array<Record<string, unknown>> };
  let counter = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/translate') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not Found"}');
        return;
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"Invalid request"}');
        return;
      }
      state.requests.push(parsed);
      const target = String(parsed.target);
      switch (state.mode) {
        case 'down':
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
          return;
        case 'slow':
          setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ translatedText: PHRASES[target] })), 3_000).unref();
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"translatedText": 42, "<script>": "alert(1)"}');
          return;
        case 'wrongScript':
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ translatedText: 'This came back in English' }));
          return;
        case 'huge':
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ translatedText: `${PHRASES[target] ?? 'x'} `.repeat(20_000) }));
          return;
        default:
          if (!PHRASES[target]) {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `${target} is not supported` }));
            return;
          }
          counter += 1;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ translatedText: `${PHRASES[target]} ${counter}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(value: FakeMode) {
      state.mode = value;
    },
    requests: state.requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
