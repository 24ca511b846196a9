import { describe, expect, it } from 'vitest';
import { parseRegistryFiles } from './parse.ts';
import { canonicalDataset, toCsvFiles, toJsonFiles } from './serialize.ts';
import type { Problem } from './types.ts';

/** A small synthetic registry (invented names; no real people or events). */
const good = {
  'sources.csv': 'id,publisher,title,date,address,kind,language,archive_item_id\nSRC1,Example Gazette,Report on the flood,2001-05,example.org/a,news,en,\nSRC2,Example Court,Judgment 12/3,2003,,court-judgment,fr,item-42\n',
  'actors.csv':
    'id,name,type,classification,country,subdivision,wikidata,parent,description\nACT1,Ministry of Examples,organization,ministry,FR,,,,\nACT2,Example Parliament,organization,legislature,DE,,Q1,,\nACT3,Example Committee,organization,committee,DE,,,ACT2,\nACT4,Regional Assembly,organization,sub-national-body,GB,GB-SCT,,,\n',
  'events.csv': 'id,name,start_date,end_date,place,description\nEV1,The flood,2001-03-01,2001-03-02,Exampletown,\n',
  'claims.csv':
    'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\n' +
    'CL1,casualty-figure,ACT1,,EV1,People who died,en,at least 40,"[{""label"":""died"",""value"":40,""qualifier"":""at-least""}]",2001-05,SRC1,reported,,,true\n' +
    'CL2,casualty-figure,ACT2,as summarised,EV1,"Deaths, by sex",en,"50 (30 men, 20 women)","[{""value"":50,""breakdown"":{""mode"":""complete"",""parts"":[{""label"":""men"",""value"":30},{""label"":""women"",""value"":20}]}}]",2003,SRC1;SRC2,primary-seen,CL1,checked twice,false\n',
  'claim_translations.csv': 'claim,language,text\nCL1,fr,Personnes décédées\n',
  'recognition.csv':
    'id,body,event,jurisdiction,level,date,term,terms,instrument,document,sources,verification,notes,published\n' +
    'RA1,ACT3,EV1,DE,national-legislature,2004-02-29,tragedy and massacre,tragedy;massacre,Res. 1/2004,SRC2,SRC1,reported,,true\n' +
    'RA2,ACT4,EV1,GB-SCT,sub-national,2005,,,,,SRC1,not-verified,no act found,true\n',
};

const codes = (problems: Problem[]) => problems.map((p) => `${p.severity}:${p.code}@${p.file}${p.line ? `:${p.line}` : ''}${p.field ? `#${p.field}` : ''}`);

const withFile = (name: keyof typeof good, text: string) => ({ ...good, [name]: text });
const addRow = (name: keyof typeof good, row: string) => withFile(name, `${good[name]}${row}\n`);

describe('registry import: valid data', () => {
  it('reads every record kind with typed fields', () => {
    const result = parseRegistryFiles(good);
    expect(codes(result.problems)).toEqual([]);
    expect(result.ok).toBe(true);
    const { dataset } = result;
    expect(dataset.sources.map((s) => s.id)).toEqual(['SRC1', 'SRC2']);
    expect(dataset.sources[1]).toMatchObject({ archiveItemId: 'item-42', kind: 'court-judgment', date: '2003' });
    expect(dataset.actors[2]).toMatchObject({ parentId: 'ACT2', classification: 'committee' });
    expect(dataset.claims[0]).toMatchObject({ figures: [{ label: 'died', value: 40, qualifier: 'at-least' }], translations: [{ language: 'fr', text: 'Personnes décédées' }], published: true });
    expect(dataset.claims[1]).toMatchObject({ contests: ['CL1'], sources: ['SRC1', 'SRC2'], attributionNote: 'as summarised', published: false });
    expect(dataset.recognitionActs[0]).toMatchObject({ terms: ['tragedy', 'massacre'], instrument: 'Res. 1/2004', documentSourceId: 'SRC2' });
  });

  it('round-trips through CSV and JSON exports to the same records', () => {
    const first = parseRegistryFiles(good).dataset;
    const viaCsv = parseRegistryFiles(toCsvFiles(first));
    expect(viaCsv.ok).toBe(true);
    expect(canonicalDataset(viaCsv.dataset)).toEqual(canonicalDataset(first));
    const viaJson = parseRegistryFiles(toJsonFiles(first));
    expect(codes(viaJson.problems)).toEqual([]);
    expect(canonicalDataset(viaJson.dataset)).toEqual(canonicalDataset(first));
    // a second export is byte-identical
    expect(toCsvFiles(viaCsv.dataset)).toEqual(toCsvFiles(first));
  });

  it('keeps script and SQL in text verbatim, reporting markup as a warning', () => {
    const hostile = '<script>alert(1)</script>';
    const files = addRow('sources.csv', `SRC3,"${hostile}","Robert'); DROP TABLE registry_claims;--",,,news,,`);
    const result = parseRegistryFiles(files);
    expect(result.ok).toBe(true);
    expect(codes(result.problems)).toEqual(['warning:markup_in_text@sources.csv:4#publisher']);
    expect(result.dataset.sources[2].publisher).toBe(hostile);
    expect(result.dataset.sources[2].title).toBe("Robert'); DROP TABLE registry_claims;--");
  });

  it('warns when a breakdown does not add up, and keeps the figure as given', () => {
    const files = addRow(
      'claims.csv',
      'CL3,casualty-figure,ACT1,,EV1,Dead,en,,"[{""value"":10,""breakdown"":{""mode"":""complete"",""parts"":[{""value"":4},{""value"":5}]}}]",,SRC1,reported,,,true',
    );
    const result = parseRegistryFiles(files);
    expect(result.ok).toBe(true);
    expect(codes(result.problems)).toEqual(['warning:breakdown_mismatch@claims.csv:4#figures[0].breakdown']);
    expect(result.dataset.claims[2].figures[0].value).toBe(10);
  });
});

describe('registry import: bad input is reported with file and line, and blocks the import', () => {
  const expectErrors = (files: Record<string, string>, expected: string[]) => {
    const result = parseRegistryFiles(files);
    expect(result.ok).toBe(false);
    expect(codes(result.problems.filter((p) => p.severity === 'error'))).toEqual(expected);
  };

  it('unknown references to sources, actors, events, claims and parents', () => {
    expectErrors(addRow('claims.csv', 'CL3,statement,NOBODY,,EV9,x,en,,,,SRC1;SRC9,reported,CL9,,true'), [
      'error:unknown_reference@claims.csv:4#asserted_by',
      'error:unknown_reference@claims.csv:4#event',
      'error:unknown_reference@claims.csv:4#sources',
      'error:unknown_reference@claims.csv:4#contests',
    ]);
    expectErrors(addRow('actors.csv', 'ACT5,X,organization,committee,,,,ACT99,'), ['error:unknown_reference@actors.csv:6#parent']);
    expectErrors(addRow('recognition.csv', 'RA3,ACT9,,,national-legislature,,,,,SRC9,SRC1,reported,,'), [
      'error:unknown_reference@recognition.csv:4#body',
      'error:unknown_reference@recognition.csv:4#document',
    ]);
    expectErrors(withFile('claim_translations.csv', 'claim,language,text\nCL9,fr,x\nCL1,fr,a\nCL1,fr,b\n'), [
      'error:unknown_reference@claim_translations.csv:2#claim',
      'error:duplicate_translation@claim_translations.csv:4#language',
    ]);
  });

  it('duplicate ids, naming the first occurrence', () => {
    const result = parseRegistryFiles(addRow('sources.csv', 'SRC1,Other,Other,,,news,,'));
    expect(codes(result.problems)).toEqual(['error:duplicate_id@sources.csv:4#id']);
    expect(result.problems[0].message).toMatch(/first on line 2/);
  });

  it('malformed and impossible dates, and an event that ends before it starts', () => {
    expectErrors(addRow('sources.csv', 'SRC3,P,T,2013-02-30,,news,,'), ['error:invalid_date@sources.csv:4#date']);
    expectErrors(addRow('sources.csv', 'SRC3,P,T,22/04/2010,,news,,'), ['error:invalid_date@sources.csv:4#date']);
    expect(parseRegistryFiles(addRow('events.csv', 'EV2,E,2001-03-05,2001-03,,')).ok).toBe(true);
    expectErrors(addRow('events.csv', 'EV2,E,2001-03-05,2001-02,,'), ['error:end_before_start@events.csv:3#end_date']);
  });

  it('unknown country and subdivision codes, and a subdivision outside its country', () => {
    expectErrors(addRow('actors.csv', 'ACT5,X,organization,state,UK,,,,'), ['error:unknown_country@actors.csv:6#country']);
    expectErrors(addRow('actors.csv', 'ACT5,X,organization,state,FR,GB-SCT,,,'), ['error:subdivision_country_mismatch@actors.csv:6#subdivision']);
    expectErrors(addRow('recognition.csv', 'RA3,ACT1,,Narnia,national-legislature,,,,,,SRC1,reported,,'), ['error:unknown_country@recognition.csv:4#jurisdiction']);
    expectErrors(addRow('actors.csv', 'ACT5,X,organization,state,,,Q0,,'), ['error:invalid_wikidata@actors.csv:6#wikidata']);
  });

  it('values outside their vocabularies, missing required fields, bad ids and self references', () => {
    expectErrors(addRow('claims.csv', 'CL3,rumour,ACT1,,,x,en,,,,SRC1,confirmed,CL3,,maybe'), [
      'error:invalid_value@claims.csv:4#kind',
      'error:invalid_value@claims.csv:4#verification',
      'error:invalid_value@claims.csv:4#published',
      'error:self_reference@claims.csv:4#contests',
    ]);
    expectErrors(addRow('claims.csv', 'CL3,statement,ACT1,,,,en,,,,,reported,,,'), ['error:missing_field@claims.csv:4#statement', 'error:missing_field@claims.csv:4#sources']);
    expectErrors(addRow('sources.csv', 'bad id,P,T,,,news,,'), ['error:invalid_id@sources.csv:4#id']);
    expectErrors(addRow('actors.csv', 'ACT5,X,organization,state,,,,ACT5,'), ['error:self_reference@actors.csv:6#parent']);
    expectErrors(
      withFile('actors.csv', 'id,name,type,classification,country,subdivision,wikidata,parent,description\nX1,A,organization,other,,,,X2,\nX2,B,organization,other,,,,X1,\n'),
      ['error:unknown_reference@claims.csv:2#asserted_by', 'error:unknown_reference@claims.csv:3#asserted_by', 'error:unknown_reference@recognition.csv:2#body', 'error:unknown_reference@recognition.csv:3#body', 'error:parent_cycle@actors.csv:2#parent', 'error:parent_cycle@actors.csv:3#parent'],
    );
  });

  it('malformed CSV: broken quotes, wrong cell counts, unknown, repeated and missing columns, empty files', () => {
    const broken = parseRegistryFiles(withFile('sources.csv', 'id,publisher,title,date,address,kind,language,archive_item_id\nS1,"unterminated,T,,,news,,\n'));
    expect(codes(broken.problems)[0]).toMatch(/^error:malformed_csv@sources.csv:\d/);
    expect(broken.ok).toBe(false);
    expectErrors(addRow('sources.csv', 'SRC3,P,T'), ['error:wrong_cell_count@sources.csv:4']);
    // a refused header drops the whole file, so references into it fail too; the header problem comes first
    const firstError = (files: Record<string, string>) => codes(parseRegistryFiles(files).problems)[0];
    expect(firstError(withFile('events.csv', 'id,name,colour\nEV1,x,red\n'))).toBe('error:unknown_column@events.csv:1#colour');
    expect(firstError(withFile('events.csv', 'id,name,name\nEV1,x,y\n'))).toBe('error:duplicate_column@events.csv:1#name');
    expect(firstError(withFile('events.csv', 'id,place\nEV1,x\n'))).toBe('error:missing_column@events.csv:1#name');
    const empty = parseRegistryFiles(withFile('events.csv', ''));
    expect(codes(empty.problems)).toContain('error:empty_file@events.csv');
  });

  it('figures that are not JSON or not figures', () => {
    expectErrors(addRow('claims.csv', 'CL3,casualty-figure,ACT1,,,x,en,,[{value:1}],,SRC1,reported,,,'), ['error:invalid_figures@claims.csv:4#figures']);
    expectErrors(addRow('claims.csv', 'CL3,casualty-figure,ACT1,,,x,en,,"[{""min"":9,""max"":1}]",,SRC1,reported,,,'), ['error:inverted_range@claims.csv:4#figures[0]']);
  });

  it('control characters, bidirectional overrides and oversized text', () => {
    expectErrors(addRow('sources.csv', 'SRC3,P\u0000x,T,,,news,,'), ['error:forbidden_character@sources.csv:4#publisher']);
    expectErrors(addRow('sources.csv', 'SRC3,P\u202Ex,T,,,news,,'), ['error:forbidden_character@sources.csv:4#publisher']);
    expectErrors(addRow('sources.csv', `SRC3,${'p'.repeat(1001)},T,,,news,,`), ['error:too_long@sources.csv:4#publisher']);
    const huge = parseRegistryFiles({ 'sources.csv': 'x'.repeat(20 * 1024 * 1024 + 1) });
    expect(codes(huge.problems)).toEqual(['error:file_too_large@sources.csv']);
  });

  it('reports every problem at once, not only the first', () => {
    const result = parseRegistryFiles({
      ...addRow('sources.csv', 'SRC1,P,T,2013-13,,news,,'),
      'actors.csv': `${good['actors.csv']}ACT5,X,robot,state,ZZ,,,,\n`,
    });
    expect(result.problems.filter((p) => p.severity === 'error').length).toBeGreaterThanOrEqual(4);
  });

  it('folders with nothing to import, both formats, or unknown files', () => {
    expectErrors({}, ['error:nothing_to_import@(folder)']);
    expectErrors({ ...good, 'registry.json': '{}' }, ['error:mixed_formats@registry.json']);
    const unknown = parseRegistryFiles({ ...good, 'notes.txt': 'hello' });
    expect(unknown.ok).toBe(true);
    expect(codes(unknown.problems)).toEqual(['warning:unknown_file@notes.txt']);
  });
});

describe('registry import: JSON', () => {
  const doc = (extra: Record<string, unknown>) => ({ 'registry.json': JSON.stringify({ format: 'reckon-registry', version: 1, ...extra }) });

  it('names the JSON path of each problem', () => {
    const result = parseRegistryFiles(
      doc({
        sources: [{ id: 'S1', publisher: 'P', title: 'T', kind: 'news', date: '2001-02-29' }, 'oops'],
        actors: [{ id: 'A1', name: 'A', type: 'organization', classification: 'ngo', colour: 'red' }],
        claims: [{ id: 'C1', kind: 'statement', assertedBy: 'A1', statement: 's', sources: 'S1', verification: 'reported', translations: [{ language: 'Klingon!', text: 'x' }] }],
      }),
    );
    expect(codes(result.problems)).toEqual([
      'error:invalid_date@registry.json#sources[0].date',
      'error:invalid_type@registry.json#sources[1]',
      'error:unknown_field@registry.json#actors[0].colour',
      'error:invalid_language@registry.json#claims[0].translations[0].language',
      'error:invalid_type@registry.json#claims[0].sources',
    ]);
  });

  it('refuses malformed JSON, other documents and unknown top-level fields', () => {
    expect(codes(parseRegistryFiles({ 'registry.json': '{"format": ' }).problems)).toEqual(['error:malformed_json@registry.json']);
    expect(codes(parseRegistryFiles({ 'registry.json': '[]' }).problems)).toEqual(['error:malformed_json@registry.json']);
    expect(codes(parseRegistryFiles({ 'registry.json': '{"format":"other"}' }).problems)).toEqual(['error:wrong_format@registry.json#format']);
    expect(codes(parseRegistryFiles(doc({ people: [] })).problems)).toEqual(['error:unknown_field@registry.json#people']);
    expect(codes(parseRegistryFiles(doc({ sources: {} })).problems)).toEqual(['error:invalid_type@registry.json#sources']);
  });

  it('does not let __proto__ keys change objects', () => {
    const result = parseRegistryFiles({ 'registry.json': '{"format":"reckon-registry","version":1,"sources":[{"id":"S1","publisher":"P","title":"T","kind":"news","__proto__":{"polluted":true}}]}' });
    expect(codes(result.problems)).toEqual(['error:unknown_field@registry.json#sources[0].__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('registry import into a registry that already has records', () => {
  it('accepts references to existing records and refuses reused ids', () => {
    const files = {
      'claims.csv':
        'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\n' +
        'CL9,statement,ACT1,,,Said so,en,,,,SRC1,reported,CL1,,true\nCL1,statement,ACT1,,,Again,en,,,,SRC1,reported,,,true\n',
    };
    const existing = { actors: new Set(['ACT1']), sources: new Set(['SRC1']), claims: new Set(['CL1']) };
    const result = parseRegistryFiles(files, existing);
    expect(codes(result.problems)).toEqual(['error:already_exists@claims.csv:3#id']);
  });
});
