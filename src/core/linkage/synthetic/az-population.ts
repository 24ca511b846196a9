import { seededRandom } from '../model.ts';
import { pick, pickSkewed, randomDay } from './generated-list.ts';
import type { Random } from './writers.ts';

/**
 * A fictional population of Azerbaijani families living in rural districts, for the generalisation generators
 * (Soviet register, English press list, Azerbaijani Latin list, mixed list). Its vocabulary is deliberately not
 * the one of `name-parts.ts`, and it includes the generations born from 1905 on, whose names (compound names such
 * as Məmmədəli or Hüseynqulu, honorifics such as Ağa or Xanım inside names) differ from those born after 1960.
 *
 * Conventions modelled (no real person, no list of victims was used):
 * - family names formed from an ancestor's given name with the Russian-era suffixes -ov/-yev (fem. -ova/-yeva),
 *   less often Persian -zadə or Turkic -li/-lı (Russian Wikipedia, "Азербайджанская фамилия"; Azerbaijani
 *   Wikipedia, "Azərbaycan soyadları");
 * - the patronymic is the father's given name followed by oğlu (son of) or qızı (daughter of);
 * - children carry the father's family name; a wife keeps her own (Azerbaijani civil practice); brothers share the
 *   family name and the patronymic, and a family reuses the same few names, so many people share both.
 * Given-name lists are ordered roughly from common to rare and drawn with a 1/rank law.
 */

export interface AzPerson {
  id: number;
  sex: 'M' | 'F';
  given: string;
  /** Family name as the person's sex forms it (Həsənov / Həsənova). */
  family: string;
  father: string;
  birth: { year: number; month: number; day: number };
  /** Index into AZ_DISTRICTS, and a fictional village within it. */
  district: number;
  village: string;
  death: { year: number; month: number; day: number };
}

export const AZ_MALE_NAMES = [
  'Məmməd', 'Əli', 'Həsən', 'Hüseyn', 'İbrahim', 'İsmayıl', 'Rəhim', 'Qasım', 'Abbas', 'Cəfər', 'Heydər', 'Mehdi',
  'Yusif', 'Musa', 'Kərim', 'Səməd', 'Tofiq', 'Vaqif', 'Ramiz', 'Elçin', 'Rafiq', 'Natiq', 'Zakir', 'Əliağa',
  'Məmmədəli', 'Hüseynqulu', 'Allahverdi', 'Qurban', 'Novruz', 'Bəhram', 'Ələkbər', 'Əhməd', 'Hacı', 'Şahin',
  'Sabir', 'Fikrət', 'Adil', 'Eldar', 'Elxan', 'Vüqar', 'Famil', 'Rövşən', 'Mübariz', 'Xanlar', 'Şirin', 'Bəylər',
  'Ağabəy', 'Sultan', 'Tahir', 'Nadir', 'Yaqub', 'Həmid', 'Oqtay', 'Arif', 'Asif', 'Vahid', 'Rauf', 'Fuad', 'Elman',
  'Zöhrab', 'Məhərrəm', 'Süleyman', 'Teymur', 'Ənvər', 'İlqar', 'Rasim', 'Nizami', 'Vidadi', 'Cavanşir', 'Şakir',
];

export const AZ_FEMALE_NAMES = [
  'Fatma', 'Sara', 'Gülnarə', 'Xədicə', 'Zərifə', 'Səkinə', 'Səbinə', 'Rəna', 'Tamara', 'Gülşən', 'Şərqiyyə',
  'Məleykə', 'Nübar', 'Sürəyya', 'Zeynəb', 'Ümbülbanu', 'Həqiqət', 'Mələk', 'Gülbəniz', 'Sevil', 'Kəmalə',
  'Zəhra', 'Məryəm', 'Tükəzban', 'Nərgiz', 'Afaq', 'Firuzə', 'Gülxanım', 'Xanım', 'Şövkət', 'Bəsti', 'Pəri',
  'Aybəniz', 'Elmira', 'Mehriban', 'Səadət', 'Yeganə', 'Nazilə', 'Validə', 'Sona', 'Rəfiqə', 'Hökümə', 'Xurşud',
];

/** Ancestors' names that family names are formed from, besides the given names above. */
const FAMILY_ROOTS = [
  'Əli', 'Məmməd', 'Həsən', 'Hüseyn', 'Quli', 'Hacı', 'Əsgər', 'Nəbi', 'Vəli', 'Rza', 'Bağır', 'Kazım', 'Nağı',
  'Tağı', 'Cəbrayıl', 'Mirzə', 'Baba', 'Qəmbər', 'Kərbəlayı', 'Nəcəf', 'Salah', 'Şükür',
  'Paşa', 'Əkbər', 'Səfər', 'Qafar', 'Bayram', 'Əhməd', 'İsa', 'Xəlil', 'Oruc', 'Zeynal',
];

/** Rural districts around which the population lives (real administrative units, used for their names only). */
export const AZ_DISTRICTS = ['Ağdam', 'Xocalı', 'Füzuli', 'Şuşa', 'Laçın', 'Kəlbəcər', 'Cəbrayıl', 'Qubadlı', 'Zəngilan', 'Tərtər', 'Xocavənd', 'Ağdərə'];

/** Fictional village names, built like Azerbaijani toponyms (adjective or noun + -li, -kənd, -bulaq ...). */
const VILLAGE_PARTS = ['Qara', 'Ağ', 'Göy', 'Sarı', 'Yuxarı', 'Aşağı', 'Daş', 'Quru', 'Təzə', 'Köhnə', 'Qızıl', 'Şirin'];
const VILLAGE_ENDS = ['bulaq', 'kənd', 'dərə', 'təpə', 'yurd', 'arx', 'qaya', 'çay', 'oba', 'bağ'];

function familyName(root: string, sex: 'M' | 'F', style: number): string {
  if (style < 0.1) return root + 'zadə';
  if (style < 0.18) {
    const vowels = [...root].filter((c) => 'aıoueəiöü'.includes(c));
    const v = vowels[vowels.length - 1] ?? 'a';
    return root + ('aı'.includes(v) ? 'lı' : 'ou'.includes(v) ? 'lu' : 'öü'.includes(v) ? 'lü' : 'li');
  }
  const stem = root + ('aıoueəiöü'.includes(root[root.length - 1]) ? 'yev' : 'ov');
  return sex === 'F' ? stem + 'a' : stem;
}

function feminine(family: string): string {
  return /(ov|yev|ev)$/.test(family) ? family + 'a' : family;
}

function date(year: number, random: Random): { year: number; month: number; day: number } {
  return { year, month: 1 + Math.floor(random() * 12), day: randomDay(random) };
}

export interface PopulationOptions {
  /** Persons to create (households are drawn until the count is reached). */
  persons: number;
  seed?: number;
  /** Years within which deaths fall; the Soviet register uses the same span. */
  deathYears?: [number, number];
}

/**
 * Households: a father's line (family name, the grandfather's given name as the father's patronymic), two to six
 * children born a year or two apart (sometimes twins), sometimes the mother, sometimes a cousin household of the
 * same family name in the same village. Each member is a person; only persons who died are later listed.
 */
export function generateAzPopulation(options: PopulationOptions): AzPerson[] {
  const random = seededRandom(options.seed ?? 1);
  const [firstDeath, lastDeath] = options.deathYears ?? [1988, 1994];
  const persons: AzPerson[] = [];
  const add = (p: Omit<AzPerson, 'id' | 'death'>) => {
    const year = Math.max(p.birth.year + 1, firstDeath + Math.floor(random() * (lastDeath - firstDeath + 1)));
    persons.push({ ...p, id: persons.length, death: date(year, random) });
  };
  while (persons.length < options.persons) {
    const root = random() < 0.55 ? pickSkewed(random, AZ_MALE_NAMES) : pick(random, FAMILY_ROOTS);
    const style = random();
    const district = Math.floor(random() * AZ_DISTRICTS.length);
    const village = pick(random, VILLAGE_PARTS) + pick(random, VILLAGE_ENDS);
    const cousins = random() < 0.3 ? 2 : 1;
    for (let c = 0; c < cousins && persons.length < options.persons; c++) {
      const fatherName = pickSkewed(random, AZ_MALE_NAMES);
      const grandfather = pickSkewed(random, AZ_MALE_NAMES);
      const fatherBirth = 1905 + Math.floor(random() * 60);
      const male = familyName(root, 'M', style);
      if (random() < 0.5) {
        add({ sex: 'M', given: fatherName, family: male, father: grandfather, birth: date(fatherBirth, random), district, village });
      }
      if (random() < 0.4) {
        const mother = familyName(pick(random, FAMILY_ROOTS), 'F', random());
        add({ sex: 'F', given: pickSkewed(random, AZ_FEMALE_NAMES), family: mother, father: pickSkewed(random, AZ_MALE_NAMES), birth: date(fatherBirth + Math.floor(random() * 8), random), district, village });
      }
      const children = 2 + Math.floor(random() * 5);
      let year = fatherBirth + 20 + Math.floor(random() * 8);
      const siblings = new Set<string>();
      for (let k = 0; k < children && persons.length < options.persons && year < 1992; k++) {
        const sex = random() < 0.5 ? 'M' : 'F';
        // brothers and sisters do not share a given name; cousins and namesakes elsewhere do
        let given = pickSkewed(random, sex === 'M' ? AZ_MALE_NAMES : AZ_FEMALE_NAMES);
        for (let tries = 0; siblings.has(given) && tries < 20; tries++) given = pickSkewed(random, sex === 'M' ? AZ_MALE_NAMES : AZ_FEMALE_NAMES);
        siblings.add(given);
        const birth = date(year, random);
        add({ sex, given, family: sex === 'F' ? feminine(male) : male, father: fatherName, birth, district, village });
        // twins share the year; otherwise a gap of one to three years
        year += random() < 0.05 ? 0 : 1 + Math.floor(random() * 3);
      }
    }
  }
  return persons;
}

/** Age at death in whole years, as a relative would give it. */
export function ageAtDeath(p: AzPerson): number {
  const beforeBirthday = p.death.month < p.birth.month || (p.death.month === p.birth.month && p.death.day < p.birth.day);
  return p.death.year - p.birth.year - (beforeBirthday ? 1 : 0);
}
