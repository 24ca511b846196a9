import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when this machine's openssl has the `ts` command (time-stamp authority); tests skip otherwise. */
export function opensslHasTs(): boolean {
  try {
    execFileSync('openssl', ['ts', '-help'], { stdio: 'pipe' });
    return true;
  } catch (error) {
    // `openssl ts -help` exits 0 on 3.x and 1 on some 1.1 builds; both print the usage when ts exists.
    const out = String((error as { stderr?: Buffer }).stderr ?? '');
    return /Usage|-query|-reply/.test(out);
  }
}

export interface LocalTsa {
  url: string;
  dir: string;
  /** PEM of the throwaway CA that issued the TSA certificate. */
  caFile: string;
  /** A second, unrelated CA (for "wrong trust anchor" tests). */
  otherCaFile: string;
  tsaCertFile: string;
  /** While true the server answers 503, as an authority that is down. */
  failing: boolean;
  requests: number;
  /** Makes a token directly (no HTTP) for `data`, as `openssl ts -reply` would. */
  stamp(data: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3',
    '-subj', `/CN=Reckon test ${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

/**
 * A local RFC 3161 authority for tests: a throwaway CA and TSA certificate made with openssl in a temporary folder,
 * and an HTTP server that answers each application/timestamp-query with `openssl ts -reply`.
 */
export async function startLocalTsa(options: { rsa?: boolean } = {}): Promise<LocalTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'reckon-tsa-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  const keyArgs = options.rsa ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(dir, ['req', ...keyArgs, '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Reckon test TSA']);
  writeFileSync(join(dir, 'tsa-ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\n');
  openssl(dir, ['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '2', '-extfile', 'tsa-ext.cnf']);
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'other_policies = 1.3.6.1.4.1.99999.2',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );

  let counter = 0;
  // openssl ts keeps its serial in a file: one reply at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const reply = (query: Buffer): Promise<Buffer> => {
    const next = queue.then(async () => {
      const n = ++counter;
      const q = join(dir, `q${n}.tsq`);
      const r = join(dir, `r${n}.tsr`);
      writeFileSync(q, query);
      await run('openssl', ['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', q, '-out', r]);
      return readFileSync(r);
    });
    queue = next.catch(() => {});
    return next;
  };

  const tsa: LocalTsa = {
    url: '',
    dir,
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    tsaCertFile: join(dir, 'tsa.pem'),
    failing: false,
    requests: 0,
    async stamp(data) {
      const n = ++counter;
      const d = join(dir, `d${n}.bin`);
      const q = join(dir, `dq${n}.tsq`);
      writeFileSync(d, data);
      await run('openssl', ['ts', '-query', '-data', d, '-sha256', '-cert', '-out', q]);
      const response = await reply(readFileSync(q));
      const t = join(dir, `dt${n}.tsr`);
      writeFileSync(join(dir, `dr${n}.tsr`), response);
      await run('openssl', ['ts', '-reply', '-in', join(dir, `dr${n}.tsr`), '-token_out', '-out', t]);
      return readFileSync(t);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      tsa.requests++;
      if (tsa.failing || req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(tsa.failing ? 503 : 400).end('unavailable');
        return;
      }
      reply(Buffer.concat(parts)).then(
        (body) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body),
        () => res.writeHead(500).end('openssl failed'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  tsa.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tsa`;
  return tsa;
}
