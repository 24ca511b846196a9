import { randomBytes } from 'node:crypto';
import { systemActor } from '../../src/server/accounts/actor.ts';
import type { Role } from '../../src/server/accounts/tables.ts';
import type { TestApp } from '../../src/server/testing.ts';

export type Headers = Record<string, string>;

/** Creates a user of each role and logs them in; returns their request headers (cookie + CSRF). */
export async function loginAs(test: TestApp, roles: Role[]): Promise<Record<Role, Headers>> {
  const out = {} as Record<Role, Headers>;
  for (const role of roles) {
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    await test.ctx.accounts.createUser(systemActor('test'), { username: `${role}-${randomBytes(3).toString('hex')}`, displayName: role, role, password, mustChangePassword: false }).then(async (u) => {
      out[role] = (await test.login(u.username, password)).headers;
    });
  }
  return out;
}

/** A multipart/form-data body with optional fields then one file part. */
export function multipart(file: { name: string; content: Buffer; type?: string } | null, fields: Record<string, string> = {}) {
  const boundary = `----reckon${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.content);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
