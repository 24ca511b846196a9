import { describe, expect, it } from 'vitest';
import { detectListColumns } from '../../core/casualties/columns.ts';
import { defaultSettings, parseSettings } from '../../core/linkage/index.ts';
import { parseCsv } from './link-input.ts';
import { markedFamilyFirst, prepareColumns } from './link-values.ts';

function prepare(csv: string) {
  const table = parseCsv(csv, 'register.csv', 'UTF-8');
  const mapping = detectListColumns(table.header, { samples: (c) => table.columns[table.header.indexOf(c)] });
  const settings = parseSettings(defaultSettings(table.header, { columns: mapping }), table.header);
  return prepareColumns(table, settings, mapping, {});
}

describe('family names marked the way genealogical records mark them', () => {
  it.each([
    ['SMITH John', 'SMITH, John'],
    ['John /Smith/', 'Smith, John'],
    ['John /Smith/ Jr', 'Smith, John Jr'],
    ['/Smith/', 'Smith'],
    ['АЛИЕВ Рашид Фамиль оглы', 'АЛИЕВ, Рашид Фамиль оглы'],
    ['Thomas SUTCLIFFE', 'SUTCLIFFE, Thomas'],
  ])('%s is read as %s', (whole, expected) => {
    expect(markedFamilyFirst(whole)).toBe(expected);
  });

  it.each(['John Smith', 'JOHN SMITH', 'J. SMITH', 'Henry VIII', 'Smith, John', 'SMITH JONES John', '', '/ /', 'a\u0000B'])('%s is left to the name parser', (whole) => {
    expect(markedFamilyFirst(whole)).toBeNull();
  });

  it('fills the split name cells of a row from a whole name with the family name in capitals', () => {
    const p = prepare('id,given,surname,full_name\n1,,,SUTCLIFF Gulielmus\n2,,,Mary /Lewis/\n3,William,Sutcliffe,SUTCLIFFE William\n');
    expect(p.columns.given).toEqual(['viliam', 'mari', 'William']);
    expect(p.columns.surname).toEqual(['sutclif', 'levis', 'Sutcliffe']);
    expect(p.filledFromFullName).toBe(2);
  });

  it('survives hostile whole names', () => {
    for (const whole of ['\ud800SMITH john', 'X'.repeat(100_000) + ' y', '<script>ALERT</script> x', '../../ETC passwd']) {
      expect(() => markedFamilyFirst(whole)).not.toThrow();
    }
  });
});

describe('baptism dates standing for birth dates', () => {
  it('fills an empty birth date from the baptism date of the same row, in the order that column is written', () => {
    const p = prepare('id,first_name,surname,birth_date,baptism_date\n1,Ole,Olsen,,14.02.1760\n2,Ole,Olsen,02.02.1760,14.02.1760\n3,Kari,Olsdatter,,\n4,Kari,Olsdatter,,not a date\n');
    expect(p.columns.birth_date).toEqual(['1760-02-14', '1760-02-02', '', '']);
    expect(p.birthFromBaptism).toBe(1);
  });

  it('reads christening dates of English registers the same way', () => {
    const p = prepare('id,given,surname,birth_date,christening\n1,John,Smith,,12 Feb 1733/4\n');
    expect(p.columns.birth_date).toEqual(['1734-02-12']);
  });

  it('takes a baptism column as the birth date when there is no birth column at all, as before', () => {
    const p = prepare('id,given,surname,baptism_date\n1,John,Smith,12.02.1734\n');
    expect(p.columns.baptism_date).toEqual(['1734-02-12']);
    expect(p.birthFromBaptism).toBe(0);
  });
});
