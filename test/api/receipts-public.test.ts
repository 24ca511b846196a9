import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * Issue 15's "done when": a journalist downloads a published casualty figure and an estimate from the public page
 * with their receipts, runs `reckon receipt verify` in a fresh process with the downloaded open data, and gets the
 * same numbers. And the other side: statistics over persons who are not all public cannot be recomputed from open
 * data, the page says so, the rows are refused, and verifying without them never passes.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };
// synthetic persons (invented names); two lists that share some persons, a third list never published
const LIST_A =
  'id,name,sex,born,died,place\n1,Arzu Velikhanli,f,1950-01-01,1992-02-26,Dashbulaq\n2,Ramil Qasimzade,m,1960-05-05,1992-02-26,Dashbulaq\n3,Samir Orucov,m,1955-01-01,1992-02-26,Dashbulaq\n4,Tural Ismayilzade,m,1971-03-03,1992-02-26,Qaraqaya\n5,Nigar Hasanli,f,1980-07-07,1992-02-27,Qaraqaya\n6,Elvin Rahimli,m,1949-09-09,1992-02-26,Dashbulaq\n';
const LIST_B =
  'id,name,sex,born,died,place\n1,Арзу Велиханлы,f,1950-01-01,1992-02-26,Дашбулаг\n2,Рамиль Гасымзаде,m,1960-05-05,1992-02-26,Дашбулаг\n7,Фарид Алиев,m,1966-06-06,1992-02-26,Дашбулаг\n8,Севиндж Мурадова,f,1975-02-02,1992-02-26,Гарагая\n';
const LIST_C = 'id,name,sex,born,died,place\n1,Hiddenperson Unpublished,f,1940-01-01,1992-02-26,Dashbulaq\n';
const TABLE = 'A,B,C,count\n1,0,0,60\n0,1,0,50\n0,0,1,55\n1,1,0,20\n1,0,1,18\n0,1,1,16\n1,1,1,8\n';

function reckon(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [join(root, 'bin', 'reckon.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 300_000,
  });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

describe('receipts on the public portal: verify a published figure from open data alone', () => {
  let test: TestApp;
  let as: Record<'editor', Headers>;
  const ids: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'reckon-public-receipts-'));

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => test.app.inject({ method, url, headers: as.editor, payload: payload as object });
  const anonymous = (url: string) => test.app.inject({ method: 'GET', url });
  const makePublic = async (kind: string, id: string) => {
    const preview = await call('GET', `/api/publication/${kind}/${id}`);
    expect(preview.statusCode, preview.body).toBe(200);
    const made = await call('POST', `/api/publication/${kind}/${id}/public`, { digest: preview.json().disclosure.digest });
    expect(made.statusCode, made.body).toBe(200);
  };
  const source = async (key: string, name: string, csv: string) => {
    const created = await call('POST', '/api/casualties/sources', { name });
    expect(created.statusCode, created.body).toBe(201);
    ids[key] = created.json().source?.id ?? created.json().id;
    const imported = await call('POST', `/api/casualties/sources/${ids[key]}/import`, { csvBase64: b64(csv), mapping: MAPPING });
    expect(imported.statusCode, imported.body).toBe(200);
  };
  const run = async (key: string, sources: string[]) => {
    const res = await call('POST', '/api/casualties/runs', { sourceIds: sources.map((s) => ids[s]) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    ids[key] = res.json().run?.id ?? res.json().id;
    await test.ctx.jobs.drain();
  };
  /** The links in the "verify this figure" block after `marker` on a portal page. */
  const linksAfter = (page: string, marker: string) => {
    const at = page.indexOf(marker);
    expect(at, `${marker} on the page`).toBeGreaterThanOrEqual(0);
    const block = page.slice(at, page.indexOf('</aside>', at));
    return [...block.matchAll(/href="([^"]+)" download/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  };
  const save = async (url: string, name: string) => {
    const res = await anonymous(url);
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    writeFileSync(join(dir, name), res.rawPayload);
    return res;
  };

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor']);
    await source('listA', 'List A', LIST_A);
    await source('listB', 'List B', LIST_B);
    await source('listC', 'List C (not published)', LIST_C);
    await run('open', ['listA', 'listB']);
    await makePublic('casualty_source', ids.listA);
    await makePublic('casualty_source', ids.listB);
    await makePublic('casualty_stats', ids.open);
    const estimate = await call('POST', '/api/estimates', { title: 'Three lists', csv: TABLE, options: { methods: ['dga', 'loglinear'] } });
    expect(estimate.statusCode, estimate.body).toBe(202);
    ids.estimate = estimate.json().estimate.id;
    await test.ctx.jobs.drain();
    await makePublic('estimate', ids.estimate);
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test?.close();
  });

  it('downloads a published statistic and an estimate with their receipts from the public pages, and a fresh `reckon receipt verify` gets the same numbers', async () => {
    const key = (await anonymous('/api/ledger/public-key')).json().verifierKey as string;
    const statsPage = (await anonymous('/public/statistics?lang=en')).body;
    expect(statsPage).toContain('Verify this figure');
    const [statsReceipt, statsInput] = linksAfter(statsPage, 'List A · List B');
    expect(statsReceipt).toBe(`/api/public/statistics/${ids.open}/receipt`);
    expect(statsInput).toBe(`/api/public/statistics/${ids.open}/receipt/persons.csv`);
    const receipt = (await save(statsReceipt, 'stats-receipt.json')).json();
    await save(statsInput, 'persons.csv');
    // the receipt's figures are the page's and the open data's: same total, same hidden cells
    const open = (await anonymous('/api/public/statistics')).json().rows as Array<{ runId: string; breakdown: string; value: string; persons: number | null }>;
    for (const row of open.filter((r) => r.runId === ids.open))
      expect(receipt.outputs[`${row.breakdown}.${row.value}.persons`], `${row.breakdown} ${row.value}`).toBe(row.persons);
    expect(receipt.parameters.minCell).toBeGreaterThanOrEqual(2);
    expect(receipt.inputs[0].leaves).toBeNull();
    // the memorial's number of persons on the home and memorial pages stands on the same receipt and persons table
    for (const url of ['/public?lang=en', '/public/memorial?lang=en']) {
      const shown = (await anonymous(url)).body;
      expect(shown, url).toContain('The number of persons on the memorial is the number of rows of the persons table this receipt commits to');
      expect(linksAfter(shown, 'The number of persons on the memorial')).toEqual([statsReceipt, statsInput]);
    }
    // the count the home page shows is the number of rows the receipt commits to (its total may be a hidden cell)
    expect((await anonymous('/public?lang=en')).body).toContain(` ${receipt.inputs[0].rows} persons on the memorial`);
    expect((await anonymous('/public/memorial?lang=en&q=Arzu')).body).not.toContain('memorial-count-receipt');

    const estimatesPage = (await anonymous('/public/estimates?lang=ru')).body;
    expect(estimatesPage).toContain('Проверить эту цифру');
    const [estimateReceipt, estimateInput] = linksAfter(estimatesPage, 'Three lists');
    const eReceipt = (await save(estimateReceipt, 'estimate-receipt.json')).json();
    expect((await save(estimateInput, 'table.csv')).body).toBe(TABLE);
    // beside dga's headline (its Bayes estimate): the posterior median, δ and the prior, as the receipt records them
    const dgaMedian = eReceipt.outputs['total.dga.diagnostics.median'] as number;
    expect(typeof dgaMedian).toBe('number');
    expect(estimatesPage).toContain(`апостериорная медиана ${Math.round(dgaMedian).toLocaleString('ru')}`);
    expect(estimatesPage).toContain(`δ = ${(eReceipt.outputs['total.dga.diagnostics.delta'] as number).toLocaleString('ru', { maximumSignificantDigits: 4 })}`);
    expect(estimatesPage).toContain(`априорное распределение ${eReceipt.outputs['total.dga.diagnostics.prior'] as string}`);

    // the open data API names the same receipt beside every row of a published figure, as JSON and as CSV
    const openEstimates = (await anonymous('/api/public/estimates')).json().rows as Array<{
      id: string;
      receipt: string;
      receiptInput: string | null;
      converged: boolean | null;
    }>;
    const rowsOfEstimate = openEstimates.filter((r) => r.id === ids.estimate);
    expect(rowsOfEstimate.length).toBe(2); // dga and log-linear
    for (const row of rowsOfEstimate) expect([row.receipt, row.receiptInput, row.converged]).toEqual([estimateReceipt, estimateInput, null]);
    for (const row of open.filter((r) => r.runId === ids.open)) expect((row as unknown as { receipt: string }).receipt).toBe(statsReceipt);
    const estimatesCsv = (await anonymous('/api/public/estimates?format=csv')).body.split('\r\n');
    const header = estimatesCsv.find((l) => l.startsWith('id,'))!.split(',');
    // the receipt's columns keep their place; dga's posterior median, δ and prior come after them, on dga's row only
    expect(header.slice(-6)).toEqual(['converged', 'receipt', 'receiptInput', 'dgaMedian', 'dgaDelta', 'dgaPrior']);
    const csvRows = (parseCsv(estimatesCsv.filter((l) => !l.startsWith('#')).join('\n'), { columns: true }) as Array<Record<string, string>>).filter(
      (r) => r.id === ids.estimate,
    );
    expect(csvRows.map((r) => r.method).sort()).toEqual(['dga', 'loglinear']);
    for (const row of csvRows) expect([row.receipt, row.receiptInput]).toEqual([estimateReceipt, estimateInput]);
    const dgaRow = csvRows.find((r) => r.method === 'dga')!;
    expect(Number(dgaRow.dgaMedian)).toBe(dgaMedian);
    expect(Number(dgaRow.dgaDelta)).toBe(eReceipt.outputs['total.dga.diagnostics.delta']);
    expect(dgaRow.dgaPrior).toBe(eReceipt.outputs['total.dga.diagnostics.prior']);
    expect(Number(dgaRow.estimate)).toBe(eReceipt.outputs['total.dga.estimate']);
    const loglinearRow = csvRows.find((r) => r.method === 'loglinear')!;
    expect([loglinearRow.dgaMedian, loglinearRow.dgaDelta, loglinearRow.dgaPrior]).toEqual(['', '', '']);
    const dgaJson = (openEstimates as unknown as Array<Record<string, unknown>>).find((r) => r.id === ids.estimate && r.method === 'dga')!;
    expect([dgaJson.dgaMedian, dgaJson.dgaDelta, dgaJson.dgaPrior]).toEqual([
      dgaMedian,
      eReceipt.outputs['total.dga.diagnostics.delta'],
      eReceipt.outputs['total.dga.diagnostics.prior'],
    ]);

    const stats = reckon(['receipt', 'verify', 'stats-receipt.json', '--data', 'persons.csv', '--key', key], dir);
    expect(stats.out, stats.err).toMatch(/REPRODUCED: every figure/);
    expect(stats.out).toMatch(/ok {3}signature: signed by/);
    expect(stats.out).toMatch(/ok {3}ledger: recorded as ledger entry \d+, included in the signed checkpoint/);
    expect(stats.code).toBe(0);
    const estimate = reckon(['receipt', 'verify', 'estimate-receipt.json', '--data', 'table.csv', '--key', key, '--json'], dir);
    expect(estimate.code, estimate.err).toBe(0);
    const report = JSON.parse(estimate.out);
    expect(report.reproduced).toBe(true);
    expect(report.checks.find((c: { part: string }) => c.part === 'output').message).toMatch(
      new RegExp(`all ${Object.keys(eReceipt.outputs).length} figures recomputed`),
    );

    // one changed cell of the open data: named as not reproduced, never a pass
    const persons = (await anonymous(statsInput)).body;
    const lines = persons.split('\n');
    const cells = lines[1].split(',');
    cells[3] = cells[3] === 'm' ? 'f' : 'm';
    expect(cells.join(',')).not.toBe(lines[1]);
    lines[1] = cells.join(',');
    writeFileSync(join(dir, 'persons-edited.csv'), lines.join('\n'));
    const edited = reckon(['receipt', 'verify', 'stats-receipt.json', '--data', 'persons-edited.csv', '--key', key], dir);
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/FAIL input: .*the rows differ.*only the Merkle root/);
    expect(edited.out).toMatch(/NOT REPRODUCED: differs in input/);
  }, 600_000);

  it('says plainly when a statistic counts persons who are not all public: the rows are refused, and verifying without them never passes', async () => {
    await run('closed', ['listA', 'listB', 'listC']);
    await makePublic('casualty_stats', ids.closed);
    const page = (await anonymous('/public/statistics?lang=az')).body;
    const links = linksAfter(page, 'List C (not published)');
    expect(links).toEqual([`/api/public/statistics/${ids.closed}/receipt`]);
    expect(page).toContain('açıq məlumatlardan yenidən hesablamaq mümkün deyil');
    expect(page).not.toContain('Hiddenperson');
    const refused = await anonymous(`/api/public/statistics/${ids.closed}/receipt/persons.csv`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('receipt_input_not_public');
    expect(refused.body).not.toContain('Hiddenperson');
    // the memorial now shows a run whose persons are not all public: no receipt is offered for its count
    expect((await anonymous('/public?lang=en')).body).not.toContain('memorial-count-receipt');
    // the older run is no longer the memorial's: its rows are not served either, though its lists are public
    expect((await anonymous(`/api/public/statistics/${ids.open}/receipt/persons.csv`)).json().error.details.reason).toBe('not_memorial_run');

    const receipt = await anonymous(`/api/public/statistics/${ids.closed}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).not.toContain('Hiddenperson');
    writeFileSync(join(dir, 'closed.json'), receipt.rawPayload);
    const verify = reckon(['receipt', 'verify', 'closed.json'], dir);
    expect(verify.code).toBe(1);
    expect(verify.out).toMatch(/no data given: the receipt commits to 1 input file\(s\): input 1 "statistics-.*-persons\.csv" \(persons table/);
    expect(verify.out).toMatch(/NOT REPRODUCED: the data was not given/);
  }, 600_000);

  it('marks a published estimate whose sampler did not converge, and that a person allowed it, in every language and in the open data', async () => {
    // 2 chains of 30 draws without burn-in: an ESS far below 400, so never converged
    const created = await call('POST', '/api/estimates', {
      title: 'Too short to converge',
      csv: TABLE,
      options: { methods: ['lcmcr', 'dga'], chains: 2, burnin: 0, thinning: 1, samples: 30 },
    });
    expect(created.statusCode, created.body).toBe(202);
    const id = created.json().estimate.id as string;
    await test.ctx.jobs.drain();
    const preview = await call('GET', `/api/publication/estimate/${id}`);
    expect(preview.json().disclosure.refusal.code).toBe('estimate_not_converged');
    const reason = 'Synthetic demonstration <script>alert(1)</script> kept for the test';
    expect((await call('POST', `/api/estimates/${id}/convergence-override`, { reason })).statusCode).toBe(200);
    await makePublic('estimate', id);
    const { rhat, ess } = (await call('GET', `/api/estimates/${id}`)).json().result.total.find((m: { method: string }) => m.method === 'lcmcr').diagnostics as {
      rhat: number;
      ess: number;
    };
    const marks: Record<string, RegExp> = {
      en: /The sampler did not converge for these figures \(R-hat [\d.]+, ESS \d+;[^<]*A person allowed their publication anyway and recorded why\./,
      az: /Bu rəqəmlər üçün seçici yığılmayıb \(R-hat [\d,]+, ESS \d+;[^<]*Bir şəxs buna baxmayaraq onların dərcinə icazə verib/,
      hy: /Այս թվերի համար նմուշառիչը չի զուգամիտել \(R-hat [\d,]+, ESS \d+\.[^<]*Մի մարդ, այնուամենայնիվ, թույլատրել է/,
      ru: /Для этих цифр сэмплер не сошёлся \(R-hat [\d,]+, ESS \d+;[^<]*Человек всё же разрешил их публикацию/,
    };
    for (const [lang, mark] of Object.entries(marks)) {
      const page = (await anonymous(`/public/estimates?lang=${lang}`)).body;
      const section = page.slice(page.indexOf('Too short to converge'));
      expect(section.slice(0, section.indexOf('</section>')), lang).toMatch(mark);
      // the person's reason stays with the estimate: it is not part of what was disclosed
      expect(page, lang).not.toContain('Synthetic demonstration');
      expect(page).not.toContain('<script>alert');
    }
    const en = (await anonymous('/public/estimates?lang=en')).body;
    expect(en).toContain(`R-hat ${rhat.toFixed(3)}, ESS ${Math.round(ess)}`);
    // the converged estimate beside it carries no mark
    const three = en.slice(en.indexOf('Three lists'));
    expect(three.slice(0, three.indexOf('</section>'))).not.toContain('did not converge');
    const rows = (await anonymous('/api/public/estimates')).json().rows as Array<{ id: string; method: string; converged: boolean | null }>;
    expect(rows.filter((r) => r.id === id).map((r) => [r.method, r.converged])).toEqual([
      ['lcmcr', false],
      ['dga', false],
    ]);
  }, 300_000);

  it('refuses what is not published, malformed ids and hostile paths', async () => {
    const unpublished = await call('POST', '/api/estimates', { title: 'Not public', csv: TABLE, options: { methods: ['dga'] } });
    const id = unpublished.json().estimate.id as string;
    await test.ctx.jobs.drain();
    for (const url of [
      `/api/public/estimates/${id}/receipt`,
      `/api/public/estimates/${id}/receipt/input.csv`,
      `/api/public/statistics/${id}/receipt`,
      `/api/public/statistics/${id}/receipt/persons.csv`,
    ]) {
      const res = await anonymous(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Not public');
    }
    for (const bad of ['not-a-uuid', '..%2F..%2Fetc%2Fpasswd', '%00', '%3Cscript%3E', 'a'.repeat(5000)]) {
      // a path longer than the server takes is refused before routing (414)
      expect([400, 414], bad).toContain((await anonymous(`/api/public/statistics/${bad}/receipt`)).statusCode);
      expect([400, 414], bad).toContain((await anonymous(`/api/public/estimates/${bad}/receipt/input.csv`)).statusCode);
    }
  });
});
