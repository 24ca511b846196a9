import { describe, expect, it } from 'vitest';
import { detectListColumns } from '../../core/casualties/columns.ts';
import { defaultSettings, parseSettings } from '../../core/linkage/index.ts';
import { parseCsv } from './link-input.ts';
import { describeUnreadable, prepareColumns } from './link-values.ts';

function prepare(csv: string, dateFormat?: 'dmy' | 'mdy' | 'ymd' | 'auto') {
  const table = parseCsv(csv, 'list.csv', 'UTF-8');
  const mapping = detectListColumns(table.header, { samples: (c) => table.columns[table.header.indexOf(c)] });
  const settings = parseSettings(defaultSettings(table.header, { columns: mapping }), table.header);
  return { table, prepared: prepareColumns(table, settings, mapping, { dateFormat }) };
}

describe('prepareColumns', () => {
  it('fills empty split name cells from the whole name of the same row, patronymic included', () => {
    const { prepared } = prepare('id,surname,first_name,middle_name,full_name,dob\n1,Aliyev,Rashid,Famil,,1960\n2,,,,Алиев Рашид Фамиль оглы,1960\n3,,,,,1961\n');
    expect(prepared.columns.surname).toEqual(['Aliyev', 'aliev', '']);
    expect(prepared.columns.first_name).toEqual(['Rashid', 'rashid', '']);
    expect(prepared.columns.middle_name).toEqual(['Famil', 'famil ogli', '']);
    expect(prepared.filledFromFullName).toBe(1);
    expect(prepared.rowsWithoutName).toEqual([4]);
  });

  it('reads the words lists write for "not known" as missing, as the web import does, and leaves the file as it was', () => {
    const { table, prepared } = prepare('id,surname,first_name,father,place,full_name,dob\n1,Aliyev,?,Not known,-,Rashid Aliyev,1960\n2,Smith,John,unknown,Leeds,,1961\n3,Nabiyev,Anar,Famil,N/A,,1962\n');
    expect(prepared.columns.father).toEqual(['', '', 'Famil']);
    expect(prepared.columns.place).toEqual(['', 'Leeds', '']);
    // a "?" in the given-name column is no name: the whole name of the row fills it
    expect(prepared.columns.first_name[0]).toBe('rashid');
    expect(table.columns[table.header.indexOf('father')]).toEqual(['Not known', 'unknown', 'Famil']);
  });

  it('reads "Family, Given" whole names with the family name first', () => {
    const { prepared } = prepare('id,surname,given,full_name\n1,,,"Marshall, Thomas"\n');
    expect([prepared.columns.given[0], prepared.columns.surname[0]]).toEqual(['thomas', 'marshal']);
  });

  it('gives "Family, Given" whole names to the parser family last, so that English names are split right', () => {
    const { prepared } = prepare('id,name,dob\n1,"Marshall, Thomas",1700\n2,Thomas Marshall,1700\n3,"a, b, c",1701\n');
    expect(prepared.columns.name).toEqual(['Thomas Marshall', 'Thomas Marshall', 'a, b, c']);
    expect(prepared.reorderedNames).toBe(1);
  });

  it('reads numeric sex codes only when the header announces them', () => {
    const announced = prepare('name,"sex (1=male, 2=female)"\nA B,1\nC D,2\nE F,3\n').prepared;
    expect(announced.columns['sex (1=male, 2=female)']).toEqual(['male', 'female', '']);
    expect(announced.unreadable).toEqual([{ line: 4, column: 'sex (1=male, 2=female)', kind: 'sex', value: '"3"', problem: '"3" is not a sex code', expected: 'm/f, male/female, М/Ж, K/Q (kişi/qadın), Ա/Ի, 1/2' }]);
    const silent = prepare('name,sex\nA B,1\nC D,Ж\n').prepared;
    expect(silent.columns.sex).toEqual(['', 'female']);
    expect(silent.unreadableCount.sex).toBe(1);
  });

  it('reads a date column in the order its values show, and says what the column expected', () => {
    const { prepared } = prepare('name,birth_date\nA B,02/13/1990\nC D,01/02/1991\nE F,13/13/1990\n');
    expect(prepared.dateFormats.birth_date).toMatchObject({ format: 'mdy', chosenBy: 'values' });
    expect(prepared.columns.birth_date).toEqual(['1990-02-13', '1991-01-02', '']);
    expect(describeUnreadable(prepared.unreadable[0])).toBe('line 4, birth_date "13/13/1990": month 13 does not exist (expected MM/DD/YYYY)');
  });

  it('counts every unreadable value but keeps the details of the first thousand', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `P${i} Q,31.02.1990`).join('\n');
    const { prepared } = prepare(`name,birth_date\n${rows}\n`);
    expect(prepared.unreadableCount.date).toBe(1500);
    expect(prepared.unreadable).toHaveLength(1000);
    expect(prepared.unreadableByColumn).toEqual({ birth_date: 1500 });
  });

  it('gives a family name its maiden name as an alternative, so that a wife meets her records before marriage', () => {
    const { prepared } = prepare(
      'record_id,first_name,surname,maiden_name,birth_date\n1,Anna,Solberg,Nilsdatter,1835\n2,Anna,Nilsdatter,,1835\n3,Berthe,Lien,Lien,1840\n4,Kari,,Olsdatter,1841\n5,Mari,Holm,"x\u0000<script>",1842\n6,Marte,Bakken,' +
        'y'.repeat(201) +
        ',1843\n',
    );
    expect(prepared.columns.surname).toEqual(['Solberg or Nilsdatter', 'Nilsdatter', 'Lien', 'Olsdatter', 'Holm or x\u0000<script>', 'Bakken']);
    expect(prepared.maidenAlternatives).toBe(3);
    // no maiden column, or a family name in a whole-name column only: nothing changes
    expect(prepare('record_id,first_name,surname,birth_date\n1,Anna,Solberg,1835\n').prepared.maidenAlternatives).toBe(0);
    expect(prepare('record_id,name,maiden_name\n1,Anna Solberg,Nilsdatter\n').prepared.columns.name).toEqual(['Anna Solberg']);
  });
});
