import { seededRandom } from '../model.ts';
import { generateAzPopulation } from './az-population.ts';
import { azerbaijaniEntry } from './azerbaijani-list.ts';
import { shuffleTogether, type GeneratedList } from './generated-list.ts';
import { pressEntry } from './press-list.ts';
import { sovietEntry } from './soviet-register.ts';

/**
 * A working list compiled by a documentation team from the three kinds of source above, copied into one sheet
 * without converting anything: each row keeps the script, name order, date form and sex code of the source it came
 * from (a Russian register row in Cyrillic with a year of birth and М/Ж, an Azerbaijani row in Latin with
 * DD.MM.YYYY and K/Q, an English press row with an age and male/female). The columns are the team's own, in
 * English. This is how merged lists look before anyone cleans them; every person is fictional.
 */

export const MIXED_LIST_HEADER = ['ID', 'Full name', 'Date of birth', 'Age', 'Sex', 'Place', 'Date of death', 'Source'];

export interface MixedListOptions {
  persons: number;
  seed?: number;
}

export function generateMixedList(options: MixedListOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed });
  const random = seededRandom(seed * 47 + 503);
  const rows: string[][] = [];
  const truth: string[] = [];
  const pressHabit = random();
  for (const p of persons) {
    const add = (row: string[]) => {
      rows.push(row);
      truth.push(`az-${p.id}`);
    };
    if (random() < 0.5) {
      const e = sovietEntry(p, 0, random);
      add(['', e.name, e.birthYear, '', e.sex, e.birthPlace, e.death, 'Книга памяти']);
    }
    if (random() < 0.5) {
      const e = azerbaijaniEntry(p, 0, random);
      // the team typed the Azerbaijani parts into one cell in the source's order: Soyadı Adı Ata adı
      add(['', [e.family, e.given, e.father].filter(Boolean).join(' '), e.birth, '', e.sex, e.place, e.death, 'Rayon siyahısı']);
    }
    if (random() < 0.45) {
      const e = pressEntry(p, 1, pressHabit, random);
      add(['', e.name, '', e.age, e.sex, e.place, e.death, 'Press']);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = `M-${i + 1}`));
  return { name: 'Mixed-script list', header: MIXED_LIST_HEADER, rows, truth };
}
