import { describe, expect, it } from 'vitest';
import { nameOnlyPersons } from './name-only.ts';

type Row = Parameters<typeof nameOnlyPersons>[0][number];
const row = (over: Partial<Row>): Row => ({
  names: [],
  given_name: null,
  family_name: null,
  patronymic: null,
  birth_date: null,
  age: null,
  death_date: null,
  place: null,
  ...over,
});

describe('nameOnlyPersons', () => {
  it('names the persons of several records that hold a record with a name and nothing that dates or places it', () => {
    const records = [
      row({ names: ['Rashid Aliyev'] }), // name only, joined person 0
      row({ names: ['Rashid Aliyev'], birth_date: '1950' }),
      row({ given_name: 'Tofiq', family_name: 'Həsənov' }), // name only in split columns, alone: person 1
      row({ names: ['Səbinə Hüseynova'], age: 0 }), // an age of 0 is an age: person 2
      row({ names: ['Сабина Гусейнова'], place: 'Xocalı' }),
      row({ names: ['   '], given_name: ' ' }), // no name at all (blank cells): not name-only, person 3
      row({ names: [], death_date: '1992-02-26' }),
      row({ names: ['<script>alert(1)</script>'] }), // a hostile name is still a name: person 4 with the next
      row({ family_name: 'Mammadov' }),
    ];
    const person = [0, 0, 1, 2, 2, 3, 3, 4, 4];
    expect([...nameOnlyPersons(records, person)].sort()).toEqual([0, 4]);
  });

  it('is empty for no records and for records that all carry a date, age or place', () => {
    expect(nameOnlyPersons([], []).size).toBe(0);
    expect(nameOnlyPersons([row({ names: ['A B'], birth_date: '1950' }), row({ names: ['A B'], place: 'Ağdam' })], [0, 0]).size).toBe(0);
  });
});
