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

describe('estimates and census codes on their way to the engine', () => {
  it('keeps the span of an estimated date, a baptism included, and writes a date as written as before', () => {
    const p = prepare('id,given,surname,birth_date,baptism_date\n1,John,Smith,abt 1823,\n2,John,Smith,bef. 12 Mar 1850,\n3,John,Smith,1849/50,\n4,John,Smith,,c. 1760\n5,John,Smith,12.03.1823,\n');
    expect(p.columns.birth_date).toEqual(['abt 1823', 'bef 1850-03-12', 'bet 1849 and 1850', 'abt 1760', '1823-03-12']);
  });

  it('reads a birthplace that is an 1841 census code (Y, N, S, E, I, F) as missing and leaves places alone', () => {
    const p = prepare('entry,name,age,where_born,event_date\n1,John Fraser,20,Y,6/6/1841\n2,John Fraser,33,"Fife, Dalbrae",30/3/1851\n3,Ann Ross,15,N,6/6/1841\n4,Ann Ross,25,York,30/3/1851\n');
    expect(p.columns.where_born).toEqual(['', 'Fife, Dalbrae', '', 'York']);
  });
});
