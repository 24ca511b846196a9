import { describe, expect, it } from 'vitest';
import { parseRegistryFiles } from './parse.ts';
import { canonicalDataset, toCsvFiles, toJsonFiles } from './serialize.ts';
import { acknowledgmentGroupOf, acknowledgmentGroups, acknowledgmentKinds, type Problem } from './types.ts';

/** Synthetic records (invented names; no real people or events). */
const base = {
  'sources.csv': 'id,publisher,title,date,address,kind,language,archive_item_id\nSRC1,Example Gazette,Report,2001-05,,news,en,\n',
  'actors.csv':
    'id,name,type,classification,country,subdivision,wikidata,parent,description\n' +
    'ACT1,Example Parliament,organization,legislature,DE,,,,\nCRT1,Example District Court,organization,court,FR,,,,\nPER1,Person One,person,official,FR,,,,\nGRP1,Example Veterans Association,organization,group,FR,,,,\n',
  'events.csv': 'id,name,start_date,end_date,place,description\nEV1,The flood,2001-03-01,2001-03-02,Exampletown,\n',
};
const OLD_HEADER = 'id,body,event,jurisdiction,level,date,term,terms,instrument,document,sources,verification,notes,published\n';
const NEW_HEADER = 'id,kind,body,event,jurisdiction,level,date,term,terms,instrument,document,court,roles,sources,verification,notes,published\n';
const codes = (problems: Problem[]) => problems.map((p) => `${p.severity}:${p.code}@${p.file}${p.line ? `:${p.line}` : ''}${p.field ? `#${p.field}` : ''}`);

describe('acts of acknowledgment in the registry import', () => {
  it('groups every kind exactly once', () => {
    const grouped = Object.values(acknowledgmentGroups).flat();
    expect([...grouped].sort()).toEqual([...acknowledgmentKinds].sort());
    expect(acknowledgmentGroupOf('verdict')).toBe('prosecution');
    expect(acknowledgmentGroupOf('relativisation')).toBe('denial');
  });

  it('imports a file written before kinds existed, every act becoming a recognition act', () => {
    const result = parseRegistryFiles({ ...base, 'recognition.csv': `${OLD_HEADER}RA1,ACT1,EV1,DE,national-legislature,2004,tragedy,tragedy,,,SRC1,reported,,true\n` });
    expect(codes(result.problems)).toEqual([]);
    expect(result.dataset.recognitionActs[0]).toMatchObject({ kind: 'recognition', courtId: null, roles: [] });
  });

  it('reads kinds, a court and roles, and round-trips them through CSV and JSON', () => {
    const rows =
      `RA1,commemoration,ACT1,EV1,DE,national-legislature,2005-03-01,memorial day,,,,,,SRC1,reported,,true\n` +
      `RA2,indictment,CRT1,EV1,FR,court,2006,,,,,CRT1,"[{""actorId"":""PER1"",""role"":""accused""}]",SRC1,reported,,false\n` +
      `RA3,justification,GRP1,EV1,,other,2007,,,,,,,SRC1,not-verified,,false\n`;
    const result = parseRegistryFiles({ ...base, 'recognition.csv': NEW_HEADER + rows });
    expect(codes(result.problems)).toEqual([]);
    const acts = result.dataset.recognitionActs;
    expect(acts.map((a) => a.kind)).toEqual(['commemoration', 'indictment', 'justification']);
    expect(acts[1]).toMatchObject({ courtId: 'CRT1', roles: [{ actorId: 'PER1', role: 'accused' }] });
    const viaCsv = parseRegistryFiles(toCsvFiles(result.dataset));
    expect(codes(viaCsv.problems)).toEqual([]);
    expect(canonicalDataset(viaCsv.dataset)).toEqual(canonicalDataset(result.dataset));
    const viaJson = parseRegistryFiles(toJsonFiles(result.dataset));
    expect(codes(viaJson.problems)).toEqual([]);
    expect(canonicalDataset(viaJson.dataset)).toEqual(canonicalDataset(result.dataset));
    expect(toCsvFiles(viaCsv.dataset)).toEqual(toCsvFiles(result.dataset));
  });

  it('refuses unknown kinds, roles on other kinds, unknown courts and persons, and malformed or hostile roles', () => {
    const row = (id: string, kind: string, court: string, roles: string) => `${id},${kind},ACT1,EV1,DE,national-legislature,2005,,,,,${court},${roles},SRC1,reported,,\n`;
    const rows =
      row('RA1', 'praise', '', '') +
      row('RA2', 'recognition', 'CRT1', '') +
      row('RA3', 'trial', 'CRT9', '"[{""actorId"":""PER9"",""role"":""judge""}]"') +
      row('RA4', 'trial', '', '"not json"') +
      row('RA5', 'trial', '', '"[{""actorId"":""PER1"",""role"":""judge"",""extra"":1}]"') +
      row('RA6', 'trial', '', '"[{""actorId"":""../../etc"",""role"":""judge""}]"') +
      row('RA7', 'trial', '', '"[{""actorId"":""PER1"",""role"":""a\\u0000b""}]"') +
      row('RA8', 'trial', '', '"[{""actorId"":""PER1""}]"');
    const result = parseRegistryFiles({ ...base, 'recognition.csv': NEW_HEADER + rows });
    expect(result.ok).toBe(false);
    expect(codes(result.problems)).toEqual([
      'error:invalid_value@recognition.csv:2#kind',
      'error:invalid_value@recognition.csv:3#court',
      'error:invalid_type@recognition.csv:5#roles',
      'error:invalid_type@recognition.csv:6#roles',
      'error:invalid_id@recognition.csv:7#roles[0].actorId',
      'error:forbidden_character@recognition.csv:8#roles[0].role',
      'error:missing_field@recognition.csv:9#roles[0].role',
      'error:unknown_reference@recognition.csv:4#court',
      'error:unknown_reference@recognition.csv:4#roles',
    ]);
  });

  it('refuses unknown fields inside JSON roles and a kind of the wrong type', () => {
    const doc = {
      format: 'reckon-registry',
      version: 1,
      actors: [{ id: 'CRT1', name: 'Court', type: 'organization', classification: 'court' }],
      sources: [{ id: 'SRC1', publisher: 'P', title: 'T', kind: 'news' }],
      recognitionActs: [{ id: 'RA1', kind: 42, bodyId: 'CRT1', level: 'court', sources: ['SRC1'], verification: 'reported', roles: 'PER1' }],
    };
    const result = parseRegistryFiles({ 'registry.json': JSON.stringify(doc) });
    expect(codes(result.problems)).toEqual(['error:invalid_type@registry.json#recognitionActs[0].kind', 'error:invalid_type@registry.json#recognitionActs[0].roles']);
  });
});
