import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small in-process S3-compatible server for tests: path-style requests, only the operations Reckon's S3 backend
 * uses (PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, GetObject with
 * Range, HeadObject, DeleteObject). Signatures are accepted without verification; `aws-chunked` bodies (the SDK's
 * streaming uploads with trailing checksums) are decoded. Objects live in memory.
 */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  objects: Map<string, Buffer>;
  /** Multipart uploads begun and neither completed nor aborted. */
  pendingUploads: Map<string, { key: string; parts: Map<number, Buffer> }>;
  /** Requests seen, as "METHOD operation", in order. */
  log: string[];
  /** Fail every UploadPart with this part number (HTTP 500), to interrupt a multipart upload. */
  failPart: number | null;
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const etag = (bytes: Buffer) => `"${createHash('md5').update(bytes).digest('hex')}"`;

async function body(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const raw = Buffer.concat(parts);
  const encoding = `${request.headers['content-encoding'] ?? ''}`;
  const sha = `${request.headers['x-amz-content-sha256'] ?? ''}`;
  return encoding.includes('aws-chunked') || sha.startsWith('STREAMING-') ? decodeChunked(raw) : raw;
}

/** `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0…\r\n[trailers]\r\n`. */
function decodeChunked(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw new Error('aws-chunked: no chunk header');
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) throw new Error('aws-chunked: bad chunk size');
    if (size === 0) return Buffer.concat(out);
    out.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function send(response: ServerResponse, status: number, headers: Record<string, string | number> = {}, payload?: Buffer | string) {
  response.writeHead(status, headers);
  response.end(payload);
}

function error(response: ServerResponse, status: number, code: string, head = false) {
  const payload = xml(`<Error><Code>${code}</Code><Message>${code}</Message><RequestId>fake</RequestId></Error>`);
  send(response, status, { 'content-type': 'application/xml', 'content-length': head ? 0 : Buffer.byteLength(payload) }, head ? undefined : payload);
}

export async function startFakeS3(bucket = 'reckon-test'): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const pendingUploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const log: string[] = [];
  const state: { failPart: number | null } = { failPart: null };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bucketName, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const q = url.searchParams;
    const method = request.method ?? 'GET';
    if (bucketName !== bucket || !key) return error(response, 404, 'NoSuchBucket', method === 'HEAD');

    if (method === 'POST' && q.has('uploads')) {
      log.push('POST CreateMultipartUpload');
      await body(request);
      const id = randomBytes(8).toString('hex');
      pendingUploads.set(id, { key, parts: new Map() });
      const payload = xml(`<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      return send(response, 200, { 'content-type': 'application/xml' }, payload);
    }
    if (method === 'PUT' && q.has('uploadId')) {
      const upload = pendingUploads.get(q.get('uploadId')!);
      const part = Number(q.get('partNumber'));
      log.push(`PUT UploadPart ${part}`);
      const bytes = await body(request);
      if (!upload) return error(response, 404, 'NoSuchUpload');
      if (state.failPart === part) return error(response, 500, 'InternalError');
      upload.parts.set(part, bytes);
      return send(response, 200, { etag: etag(bytes), 'content-length': 0 });
    }
    if (method === 'POST' && q.has('uploadId')) {
      log.push('POST CompleteMultipartUpload');
      const manifest = (await body(request)).toString('utf8');
      const id = q.get('uploadId')!;
      const upload = pendingUploads.get(id);
      if (!upload) return error(response, 404, 'NoSuchUpload');
      const numbers = [...manifest.matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
      if (!numbers.length || numbers.some((n) => !upload.parts.has(n))) return error(response, 400, 'InvalidPart');
      const bytes = Buffer.concat(numbers.map((n) => upload.parts.get(n)!));
      objects.set(key, bytes);
      pendingUploads.delete(id);
      const payload = xml(`<CompleteMultipartUploadResult><Location>/${bucket}/${key}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>${etag(bytes)}</ETag></CompleteMultipartUploadResult>`);
      return send(response, 200, { 'content-type': 'application/xml' }, payload);
    }
    if (method === 'DELETE' && q.has('uploadId')) {
      log.push('DELETE AbortMultipartUpload');
      pendingUploads.delete(q.get('uploadId')!);
      return send(response, 204);
    }
    if (method === 'PUT') {
      log.push('PUT PutObject');
      const bytes = await body(request);
      objects.set(key, bytes);
      return send(response, 200, { etag: etag(bytes), 'content-length': 0 });
    }
    if (method === 'HEAD' || method === 'GET') {
      log.push(`${method} ${method === 'HEAD' ? 'HeadObject' : 'GetObject'}`);
      const bytes = objects.get(key);
      if (!bytes) return error(response, 404, 'NoSuchKey', method === 'HEAD');
      const range = /^bytes=(\d+)-(\d*)$/.exec(`${request.headers.range ?? ''}`);
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
        if (start >= bytes.length || start > end) return error(response, 416, 'InvalidRange', method === 'HEAD');
        const slice = bytes.subarray(start, end + 1);
        return send(response, 206, { 'content-length': slice.length, 'content-range': `bytes ${start}-${end}/${bytes.length}`, etag: etag(bytes) }, method === 'HEAD' ? undefined : slice);
      }
      return send(response, 200, { 'content-length': bytes.length, etag: etag(bytes), 'content-type': 'application/octet-stream' }, method === 'HEAD' ? undefined : bytes);
    }
    if (method === 'DELETE') {
      log.push('DELETE DeleteObject');
      objects.delete(key);
      return send(response, 204);
    }
    return error(response, 405, 'MethodNotAllowed');
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) error(response, 500, 'InternalError');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    objects,
    pendingUploads,
    log,
    get failPart() {
      return state.failPart;
    },
    set failPart(value: number | null) {
      state.failPart = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
