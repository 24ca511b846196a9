import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { BlobBackend } from './backend.ts';
import type { ByteRange } from './store.ts';

export interface S3Options {
  bucket: string;
  prefix: string;
  region: string;
  endpoint?: string;
  /** Only for tests against a fake server; normal deployments take credentials from the AWS_* environment. */
  credentials?: S3ClientConfig['credentials'];
}

/**
 * An S3-compatible object store (AWS S3, MinIO, Ceph, Garage). Objects are uploaded from the finished temporary
 * file with multipart upload, so memory stays bounded whatever the size.
 */
export class S3Backend implements BlobBackend {
  readonly name = 's3' as const;
  private sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3'); Upload: typeof import('@aws-sdk/lib-storage').Upload }> | undefined;

  constructor(private readonly options: S3Options) {}

  /** The AWS SDK and the client, loaded on first use: importing the SDK costs CPU at every start (issue 15). */
  private load() {
    this.sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, storage]) => ({
      s3,
      Upload: storage.Upload,
      client: new s3.S3Client({
        region: this.options.region,
        endpoint: this.options.endpoint,
        forcePathStyle: Boolean(this.options.endpoint),
        credentials: this.options.credentials,
      }),
    }));
    return this.sdk;
  }

  private key(key: string): string {
    return this.options.prefix ? `${this.options.prefix.replace(/\/+$/, '')}/${key}` : key;
  }

  localPath(): null {
    return null;
  }

  async exists(key: string): Promise<boolean> {
    const { client, s3 } = await this.load();
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw error;
    }
  }

  /** Uploads the file in 8 MiB parts, two at a time; the object appears only when the upload completes. */
  private async upload(key: string, tempPath: string): Promise<void> {
    const { client, Upload } = await this.load();
    await new Upload({
      client,
      params: { Bucket: this.options.bucket, Key: this.key(key), Body: createReadStream(tempPath) },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    }).done();
  }

  async storeFile(key: string, tempPath: string): Promise<boolean> {
    try {
      if (await this.exists(key)) return false;
      await this.upload(key, tempPath);
      return true;
    } finally {
      await unlink(tempPath).catch(() => {});
    }
  }

  async replaceFile(key: string, tempPath: string): Promise<void> {
    try {
      // An object appears only when its upload completes, so readers see the old or the new version, never a mix.
      await this.upload(key, tempPath);
    } finally {
      await unlink(tempPath).catch(() => {});
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const { client, s3 } = await this.load();
    const result = await client.send(
      new s3.GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(key),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return result.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    const { client, s3 } = await this.load();
    await client.send(new s3.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }
}
