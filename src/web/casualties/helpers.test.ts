import { describe, expect, it } from 'vitest';
import { importProblems } from './api.ts';
import { changesBetween } from './CorrectionForm.tsx';
import { contributions } from './ExplanationChart.tsx';
import { decodePreview, previewCsv, toBase64 } from './csv-preview.ts';
import { initialAssignment, mappingProblems, needsDateFormat, toMapping } from './mapping.ts';
import { timeline } from './StatsPage.tsx';
import { upsetData } from './upset.ts';
import { sourceChanges } from './SourceEditForm.tsx';
import type { CasualtyRecord } from './api.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('CSV preview', () => {
  it('reads the header and first rows, with quoted commas and newlines, names in three scripts', () => {
    const csv = 'id,name,name_hy,died\n1,"Əliyev, Əli",Ալիև,1992-02-26\n2,"Петров\nПётр",Պետրով,1992\n3,Anna,Աննա,\n';
    const p = previewCsv(utf8(csv), 2);
    expect(p.encoding).toBe('UTF-8');
    expect(p.header).toEqual(['id', 'name', 'name_hy', 'died']);
    expect(p.rows).toEqual([
      ['1', 'Əliyev, Əli', 'Ալիև', '1992-02-26'],
      ['2', 'Петров\nПётр', 'Պետրով', '1992'],
    ]);
    expect(p.truncated).toBe(true);
  });

  it('drops a UTF-8 byte-order mark and reads UTF-16 with one', () => {
    expect(previewCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,name\n1,A\n')])).header).toEqual(['id', 'name']);
    const u16 = new Uint8Array([0xff, 0xfe, ...[...'id,name\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodePreview(u16)).toEqual({ text: 'id,name\n', encoding: 'UTF-16LE' });
  });

  it('falls back to windows-1251 for bytes that are not UTF-8 (the server decides for real)', () => {
    // "Иван" in windows-1251
    const bytes = new Uint8Array([...utf8('id,name\n1,'), 0xc8, 0xe2, 0xe0, 0xed, 0x0a]);
    const p = previewCsv(bytes);
    expect(p.encoding).toBe('windows-1251');
    expect(p.rows[0]).toEqual(['1', 'Иван']);
  });

  it('decodes as the server does: a Windows-1254 header reads as written, and unreadable files are reported with their line', () => {
    // "Soyadı,Şükürov" in Windows-1254: read as Windows-1251 before, the mapping named a garbled column
    const bytes = new Uint8Array([...utf8('id,Soyad'), 0xfd, ...utf8('\n1,'), 0xde, 0xfc, 0x6b, 0xfc, 0x72, 0x6f, 0x76, 0x0a]);
    expect(previewCsv(bytes)).toMatchObject({ encoding: 'windows-1254', header: ['id', 'Soyadı'], rows: [['1', 'Şükürov']] });
    const mixed = new Uint8Array([...utf8('id,Фамилия\n1,Алиев\n2,'), 0xc3, 0xe0, 0xf1, 0xe0, 0xed, 0xee, 0xe2, 0x0a]);
    expect(previewCsv(mixed)).toMatchObject({ header: [], problem: { line: 3, code: 'mixed_encodings' } });
    expect(previewCsv(new Uint8Array([0x1f, 0x8b, 8, 0])).problem).toMatchObject({ line: null, code: 'not_text' });
    // a character cut at the end of the preview window is not a fault of the file
    const long = utf8(`id,name\n1,${'a'.repeat(256 * 1024 - 11)}ı\n2,Xocalı\n`);
    expect(long[256 * 1024 - 1]).toBe(0xc4);
    expect(previewCsv(long)).toMatchObject({ encoding: 'UTF-8', header: ['id', 'name'], truncated: true });
    expect(previewCsv(long).problem).toBeUndefined();
  });

  it('gives an empty header for an empty file and base64 that round-trips large files', () => {
    expect(previewCsv(new Uint8Array()).header).toEqual([]);
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(Buffer.from(toBase64(big), 'base64').equals(Buffer.from(big))).toBe(true);
  });
});

describe('column mapping', () => {
  it('preselects the saved mapping where its columns exist, including several name columns', () => {
    const header = ['no', 'fam', 'fam_ru', 'born', 'extra'];
    const { assignment: a, detection } = initialAssignment(header, { source_record_id: 'no', name: ['fam', 'fam_ru', 'gone'], birth_date: 'born' });
    expect(detection).toBeNull();
    expect(a).toEqual({ no: 'source_record_id', fam: 'name', fam_ru: 'name', born: 'birth_date', extra: '' });
    expect(mappingProblems(a)).toEqual([]);
    expect(toMapping(a)).toEqual({ source_record_id: 'no', name: ['fam', 'fam_ru'], birth_date: 'born' });
  });

  it('pre-fills from the shared header detection, names in parts, with a reason for each column', () => {
    const header = ['№', 'Фамилия', 'Имя', 'Отчество', 'Пол', 'Дата рождения', 'Место', 'Примечание'];
    const rows = [['1', 'Алиев', 'Рашид', 'Гасан оглы', 'М', '03.04.1950', 'Ходжалы', '']];
    const { assignment: a, detection } = initialAssignment(header, {}, rows);
    expect(a).toMatchObject({ '№': 'source_record_id', Фамилия: 'family_name', Имя: 'given_name', Отчество: 'patronymic', Пол: 'sex', 'Дата рождения': 'birth_date', Место: 'place' });
    expect(detection!['Фамилия'].reason.length).toBeGreaterThan(0);
    // 03.04.1950 reads both ways: the page asks for the order
    expect(needsDateFormat(detection!['Дата рождения'])).toBe(true);
    expect(mappingProblems(a)).toEqual([]);
    expect(toMapping(a, { birth_date: 'mdy', death_date: 'dmy' })).toMatchObject({ family_name: 'Фамилия', given_name: 'Имя', date_formats: { birth_date: 'mdy' } });
    expect(toMapping(a).name).toBeUndefined();
  });

  it('flags a mapping without a record id, without any name column, or with a field twice', () => {
    expect(mappingProblems({ a: '', b: '' }).map((p) => p.kind + ':' + p.field)).toEqual(['missing:name']);
    expect(mappingProblems({ a: 'source_record_id', b: 'name', c: 'sex', d: 'sex' })).toEqual([{ kind: 'twice', field: 'sex', columns: ['c', 'd'] }]);
    expect(toMapping({ a: 'source_record_id', b: 'name' })).toEqual({ source_record_id: 'a', name: 'b' });
  });
});

describe('refused imports', () => {
  it('finds the problems of import_rejected and nothing else', () => {
    const problems = [{ line: 3, field: 'name', code: 'empty_name', message: 'x' }];
    expect(importProblems({ code: 'import_rejected', details: { problems } })).toEqual(problems);
    expect(importProblems({ code: 'validation', details: { problems } })).toBeNull();
    expect(importProblems({ code: 'import_rejected', details: null })).toEqual([]);
  });
});

describe('corrections send only what changed', () => {
  const record: CasualtyRecord = {
    id: 'r1', sourceId: 's', sourceRecordId: '7', version: 1, supersedes: null, current: true, names: ['Ali Aliyev', 'Али Алиев'],
    familyName: null, givenName: null, patronymic: null, sex: 'male', age: 40, birthDate: null, deathDate: '1992-02-26', place: 'Khojaly', status: 'civilian', type: null, cause: null,
    perpetratorReported: null, notes: null, line: 2, correctionReason: null, createdBy: null, createdAt: '2026-01-01T00:00:00Z',
  };
  const draft = { names: 'Ali Aliyev\nАли Алиев', sex: 'male' as const, age: '40', birthDate: '', deathDate: '1992-02-26', place: 'Khojaly', status: 'civilian' as const, type: '', cause: '', perpetratorReported: '', notes: '' };
  it('is empty when nothing changed and lists exactly the changed fields otherwise', () => {
    expect(changesBetween(record, draft)).toEqual({});
    expect(changesBetween(record, { ...draft, age: '41', place: ' ', names: 'Ali Aliyev\n\n' })).toEqual({ age: 41, place: null, names: ['Ali Aliyev'] });
    expect(changesBetween(record, { ...draft, sex: '', status: 'unknown' })).toEqual({ sex: null, status: 'unknown' });
  });
});

describe('explanation bars', () => {
  it('start with the prior and then give each comparison its log2 Bayes factor', () => {
    const rows = contributions(
      {
        matchWeight: 3.5,
        matchProbability: 0.92,
        prior: { lambda: 0.01, log2Odds: -6.6 },
        terms: [
          { comparison: 'family', level: 'exact', levelIndex: 3, m: 0.9, u: 0.01, bayesFactor: 90, log2BayesFactor: 6.5, tfAdjustment: 0 },
          { comparison: 'birth', level: 'different', levelIndex: 1, m: 0.1, u: 0.5, bayesFactor: 0.2, log2BayesFactor: -2.3, tfAdjustment: 0 },
        ],
      },
      'prior',
    );
    expect(rows.map((r) => [r.label, r.weight])).toEqual([['prior', -6.6], ['family', 6.5], ['birth', -2.3]]);
  });
});

describe('UpSet data', () => {
  it('orders exclusive intersections by size, counts set sizes over every pattern, and says what it leaves out', () => {
    const overlaps = [
      { pattern: '100', persons: 50 },
      { pattern: '110', persons: 30 },
      { pattern: '111', persons: 5 },
      { pattern: '001', persons: 30 },
      { pattern: '000', persons: 9 },
      { pattern: '10', persons: 3 },
    ];
    const d = upsetData(overlaps, 3, 3);
    expect(d.columns.map((c) => c.pattern)).toEqual(['100', '001', '110']);
    expect(d.columns[2].members).toEqual([true, true, false]);
    expect(d.setSizes).toEqual([85, 35, 35]);
    expect(d.hiddenPatterns).toBe(1);
    expect(d.hiddenPersons).toBe(5);
  });
  it('puts hidden counts last, takes list sizes from the coverage, and never sums over a hidden count', () => {
    const overlaps = [
      { pattern: '11', persons: null },
      { pattern: '10', persons: 40 },
      { pattern: '01', persons: null },
    ];
    const d = upsetData(overlaps, 2, 2, [42, null]);
    expect(d.columns.map((c) => [c.pattern, c.persons])).toEqual([
      ['10', 40],
      ['01', null],
    ]);
    expect(d.setSizes).toEqual([42, null]);
    expect(d.hiddenPatterns).toBe(1);
    expect(d.hiddenPersons).toBeNull();
  });
});

describe('timeline', () => {
  it('uses days over a short span and counts undated persons apart', () => {
    const t = timeline({ byDeathDay: [{ key: '1992-02-26', persons: 4 }, { key: '1992-02-25', persons: 1 }, { key: 'unknown', persons: 3 }], byDeathMonth: [] });
    expect(t.unit).toBe('day');
    expect(t.bars.map((b) => b.key)).toEqual(['1992-02-25', '1992-02-26']);
    expect(t.undated).toBe(3);
    // a hidden count among the undated: no sum, which would give it back
    const hidden = timeline({ byDeathDay: [{ key: '1992-02-26', persons: 9 }, { key: 'unknown', persons: null }, { key: 'conflicting', persons: 4 }], byDeathMonth: [] });
    expect(hidden.undated).toBeNull();
    expect(hidden.bars).toEqual([{ key: '1992-02-26', label: '1992-02-26', value: 9, hidden: false }]);
  });
  it('switches to months when there are too many days', () => {
    const days = Array.from({ length: 200 }, (_, i) => ({ key: new Date(Date.UTC(1992, 0, 1 + i)).toISOString().slice(0, 10), persons: 1 }));
    const t = timeline({ byDeathDay: days, byDeathMonth: [{ key: '1992-02', persons: 29 }, { key: '1992-01', persons: 31 }] });
    expect(t.unit).toBe('month');
    expect(t.bars.map((b) => b.key)).toEqual(['1992-01', '1992-02']);
  });
});

describe('source details', () => {
  const source = { id: 's', name: 'List A', compiledBy: 'Group', compiledAt: '1992', method: null, archiveItemId: null, columnMapping: {}, records: 3 };
  it('sends only changed fields, an emptied one as null to clear it', () => {
    const draft = { name: 'List A', compiledBy: 'Group', compiledAt: '1992', method: '', archiveItemId: '' };
    expect(sourceChanges(source, draft)).toEqual({});
    expect(sourceChanges(source, { ...draft, compiledBy: ' ', compiledAt: '1992-03', name: ' List A2 ' })).toEqual({ compiledBy: null, compiledAt: '1992-03', name: 'List A2' });
  });
});
