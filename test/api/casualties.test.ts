import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

const mapping = { source_record_id: 'id', name: ['name', 'name_ru'], sex: 'sex', death_date: 'died' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('casualties API: sources and import', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  let sourceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, payload: payload as object, headers: admin.headers });
  const recordCount = async () => Number((await t.ctx.db.selectFrom('casualty_records').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const auditCount = async (action: string) =>
    Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

  it('creates a source, audited, and refuses a duplicate name, a bad date and the public', async () => {
    const created = await inject('POST', '/api/casualties/sources', { name: "List <script>x</script>'; drop table x", compiledAt: '1992-03' });
    expect(created.statusCode).toBe(201);
    sourceId = created.json().id;
    expect(created.json().name).toBe("List <script>x</script>'; drop table x");
    expect(await auditCount('casualties.source_created')).toBe(1);
    expect((await inject('POST', '/api/casualties/sources', { name: "list <SCRIPT>x</script>'; drop table x" })).statusCode).toBe(409);
    const badDate = await inject('POST', '/api/casualties/sources', { name: 'B', compiledAt: '1992-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBeTypeOf('string');
    expect((await t.app.inject({ method: 'GET', url: '/api/casualties/sources' })).statusCode).toBe(401);
    expect(await auditCount('casualties.source_created')).toBe(1);
  });

  it('imports a CSV all or nothing, reporting problems by line and field', async () => {
    const bad = await inject('POST', `/api/casualties/sources/${sourceId}/import`, { csvBase64: b64('id,name,name_ru,sex,died\n1,A,,m,1992\n1,,,m,1992-02-30\n'), mapping });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('import_rejected');
    // a row without a name is no problem (it is linked on its other fields); a duplicate id and an impossible date are
    expect(bad.json().error.details.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [3, 'duplicate_record_id'],
      [3, 'impossible_date'],
    ]);
    expect(bad.json().error.details).toMatchObject({ rejectedRows: 1, goodRows: 1 });
    const missing = await inject('POST', `/api/casualties/sources/${sourceId}/import`, { csvBase64: b64('id,name\n1,A\n'), mapping });
    expect(missing.json().error.details.problems[0].code).toBe('missing_column');
    expect(await recordCount()).toBe(0);

    const good = await inject('POST', `/api/casualties/sources/${sourceId}/import`, { csvBase64: b64('id,name,name_ru,sex,died\n1,Ali Aliyev,Али Алиев,m,1992-02-26\n2,Anna,,f,1992\n'), mapping });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ imported: 2, encoding: 'UTF-8' });
    expect(await auditCount('casualties.imported')).toBe(1);
    const list = await inject('GET', '/api/casualties/sources');
    expect(list.json().sources[0]).toMatchObject({ id: sourceId, records: 2, columnMapping: mapping });

    // the same ids again are refused: a correction is a new version, not a second import
    const again = await inject('POST', `/api/casualties/sources/${sourceId}/import`, { csvBase64: b64('id,name,name_ru,sex,died\n2,Anna B,,f,1992\n'), mapping });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.problems[0]).toMatchObject({ line: 2, code: 'duplicate_record_id' });
    expect(await recordCount()).toBe(2);
    expect(await auditCount('casualties.imported')).toBe(1);
  });

  it('refuses unknown sources and malformed bodies', async () => {
    const unknown = await inject('POST', '/api/casualties/sources/00000000-0000-4000-8000-000000000000/import', { csvBase64: b64('id,name,name_ru,sex,died\n9,A,,m,1992\n'), mapping });
    expect(unknown.statusCode).toBe(404);
    expect((await inject('POST', `/api/casualties/sources/not-a-uuid/import`, { csvBase64: 'x', mapping })).statusCode).toBe(400);
    expect((await inject('POST', `/api/casualties/sources/${sourceId}/import`, { csvBase64: 'eA==', mapping: { name: 'n', evil: 'x' } })).statusCode).toBe(400);
    expect(await recordCount()).toBe(2);
  });
});
