/**
 * verify.html: one self-contained page (inline script and style, no network, works from file://) that checks a
 * Reckon evidence package in the recipient's browser. The script is built at export time from the project's own
 * sources with esbuild — page.ts and, through it, the very checks `reckon bag verify` runs (src/core/bagit,
 * src/core/ledger) — with node:crypto and Buffer replaced by browser stand-ins (browser-crypto.ts,
 * browser-buffer.ts). One build per process.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let bundled: Promise<string> | undefined;

/** The verifier's script, bundled once per process. */
export function verifierScript(): Promise<string> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function bundle(): Promise<string> {
  // esbuild loads when a package is exported, not when the server starts (issue 15)
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    minify: true,
    legalComments: 'inline',
    logLevel: 'silent',
    inject: [join(here, 'browser-buffer.ts')],
    plugins: [
      {
        name: 'browser-crypto',
        setup(b) {
          b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: join(here, 'browser-crypto.ts') }));
        },
      },
    ],
  });
  // An inline script ends at the first "</script", wherever it stands.
  return result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}label{display:block;margin:1rem 0 .25rem;font-weight:600}textarea{width:100%;font:13px monospace}
#verdict{padding:1rem;border:2px solid #888;font-weight:600;margin:1rem 0}
#verdict[data-status=valid]{border-color:#176b2c;background:#e6f4ea}#verdict[data-status=invalid]{border-color:#a50e0e;background:#fce8e6}
ul{list-style:none;padding:0}li{padding:.25rem 0;border-bottom:1px solid #eee;word-break:break-word}
.mark{display:inline-block;min-width:3.5rem;font-weight:700}.ok .mark{color:#176b2c}.fail .mark{color:#a50e0e}.warn .mark{color:#7a5b00}`;

const sha256Base64 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/** The page, with a Content-Security-Policy that allows exactly its own script and style and nothing else. */
export async function renderVerifyHtml(externalIdentifier: string): Promise<string> {
  const script = await verifierScript();
  const safeId = externalIdentifier.replace(/[^\w.-]/g, '_');
  const csp = `default-src 'none'; script-src 'sha256-${sha256Base64(script)}'; style-src 'sha256-${sha256Base64(STYLE)}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Verify evidence package ${safeId}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Verify evidence package ${safeId}</h1>
<p>This page checks this package on your own computer, without any network connection: every file against the
package's manifests, every original against the signed and time-stamped ledger entries that record it, the ledger
proofs against the signed checkpoint, the checkpoint's Ed25519 signature, the RFC 3161 time-stamps, and the item
descriptions and custody logs against the ledger. Choose the package's folder (the one holding this file).</p>
<p>A page inside a package can only vouch for the package if it was not altered with it: for a court, also check with
a copy of this verifier obtained from the archive, or with the commands in VERIFY.txt.</p>
<label for="key">Ledger key published by the archive (recommended; paste it from the archive's website or letter)</label>
<textarea id="key" rows="2" spellcheck="false" placeholder="name+hash+key"></textarea>
<label for="folder">Package folder</label>
<input type="file" id="folder" webkitdirectory multiple>
<div id="verdict" data-status="idle" role="status" aria-live="polite">No folder chosen yet.</div>
<h2>Files and manifests</h2>
<ul id="bagit"></ul>
<h2>Signed ledger</h2>
<ul id="evidence"></ul>
<h2>Notes</h2>
<ul id="notes"></ul>
<script>${script}</script>
</body>
</html>
`;
}
