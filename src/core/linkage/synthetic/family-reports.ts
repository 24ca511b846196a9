import { seededRandom } from '../model.ts';
import { ageAtDeath, AZ_DISTRICTS, generateAzPopulation, type AzPerson } from './az-population.ts';
import { pad2, pick, pickSkewed, randomDay, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { azerbaijaniToSovietRussian, RUSSIAN_DISTRICT_TOWNS } from './soviet-russian.ts';
import { typo, type Random } from './writers.ts';

/**
 * A list an NGO compiled from what families reported, in the languages the families spoke: one sheet with a
 * bilingual Russian/Azerbaijani header, into which volunteers typed what relatives told them. It holds Azerbaijani
 * and Armenian victims of the same years. Every person is fictional; real town names are used as place names only.
 *
 * Conventions modelled, none of them used by the other generators:
 * - a relative gives the name as spoken at home: with a form of address after the given name (Azerbaijani xanım,
 *   bəy, müəllim, and for elders xala "aunt", dayı "uncle", nənə "grandmother", kişi "man"; Russian тётя/дядя before
 *   it), or a Russian hypocoristic for the Russian-era forms of some names (Тамара → Тома, Гульнара → Гуля,
 *   Эльмира → Эля: the short forms given in Russian Wikipedia's articles on those names), so the name in the list
 *   is not the name in any register;
 * - three orders in one column: "Surname Given Patronymic" (Soviet documents: "Алиев Рашид Фамиль оглы"), "Given
 *   Surname" (speech), and for Armenians "Given Patronymic Surname" (Armenian civil order, the patronymic in the
 *   genitive: "Արամ Գագիկի Պետրոսյան"; Russian "Арам Гагикович Петросян");
 * - Armenian names in Armenian script (Armenian community's report) and in their established Russian forms
 *   (Петросян, Оганесян/Ованесян for Հովհաննիսյան, Акопян for Հակոբյան: the Russian drops or renders հ as г);
 * - ages with the unit word of the informant's language: "45 yaş", "45 yaşında", "45 лет", "45 y.o.", "около 45",
 *   "təxminən 45", a child's age in months ("8 aylıq", "8 мес."); the age a relative remembers, often a year off;
 * - date of death as the family remembers it: the full date, month and year, or the year alone;
 * - a column naming who reported (qardaşı, сестра, son): free text a linker must not read as a name.
 */

export const FAMILY_REPORTS_HEADER = ['№', 'ФИО / Soyadı, adı, ata adı', 'Возраст / Yaşı', 'Пол / Cinsi', 'Адрес / Ünvan', 'Дата гибели / Ölüm tarixi', 'Кто сообщил / Məlumat verən'];

/** An Armenian name in Armenian script, its established Russian form, and BGN/PCGN romanisation. */
type Forms = readonly [armenian: string, russian: string, latin: string];

const ARM_MALE: Forms[] = [
  ['Արամ', 'Арам', 'Aram'], ['Գագիկ', 'Гагик', 'Gagik'], ['Հովհաննես', 'Оганес', 'Hovhannes'], ['Վարդան', 'Вардан', 'Vardan'],
  ['Աշոտ', 'Ашот', 'Ashot'], ['Սամվել', 'Самвел', 'Samvel'], ['Արմեն', 'Армен', 'Armen'], ['Կարեն', 'Карен', 'Karen'],
  ['Սուրեն', 'Сурен', 'Suren'], ['Հակոբ', 'Акоп', 'Hakob'], ['Սերժիկ', 'Сержик', 'Serzhik'], ['Ռուբեն', 'Рубен', 'Ruben'],
  ['Գրիգոր', 'Григор', 'Grigor'], ['Մհեր', 'Мгер', 'Mher'], ['Ավետ', 'Авет', 'Avet'], ['Լևոն', 'Левон', 'Levon'],
];

const ARM_FEMALE: Forms[] = [
  ['Անահիտ', 'Анаит', 'Anahit'], ['Մարինե', 'Марине', 'Marine'], ['Գայանե', 'Гаяне', 'Gayane'], ['Լուսինե', 'Лусине', 'Lusine'],
  ['Արմինե', 'Армине', 'Armine'], ['Նունե', 'Нуне', 'Nune'], ['Սիրանուշ', 'Сирануш', 'Siranush'], ['Հասմիկ', 'Асмик', 'Hasmik'],
  ['Ռոզա', 'Роза', 'Roza'], ['Ժաննա', 'Жанна', 'Zhanna'], ['Սուսաննա', 'Сусанна', 'Susanna'], ['Կարինե', 'Карине', 'Karine'],
];

/** Family names; the Russian form follows established spellings (Оганесян, Акопян: հ dropped or г). */
const ARM_FAMILY: Forms[] = [
  ['Պետրոսյան', 'Петросян', 'Petrosyan'], ['Հովհաննիսյան', 'Оганесян', 'Hovhannisyan'], ['Գրիգորյան', 'Григорян', 'Grigoryan'],
  ['Հակոբյան', 'Акопян', 'Hakobyan'], ['Սարգսյան', 'Саркисян', 'Sargsyan'], ['Կարապետյան', 'Карапетян', 'Karapetyan'],
  ['Մկրտչյան', 'Мкртчян', 'Mkrtchyan'], ['Ավետիսյան', 'Аветисян', 'Avetisyan'], ['Բաբայան', 'Бабаян', 'Babayan'],
  ['Վարդանյան', 'Варданян', 'Vardanyan'], ['Հարությունյան', 'Арутюнян', 'Harutyunyan'], ['Դավթյան', 'Давтян', 'Davtyan'],
  ['Մանուկյան', 'Манукян', 'Manukyan'], ['Ղազարյան', 'Казарян', 'Ghazaryan'], ['Սիմոնյան', 'Симонян', 'Simonyan'],
  ['Մարտիրոսյան', 'Мартиросян', 'Martirosyan'], ['Խաչատրյան', 'Хачатрян', 'Khachatryan'], ['Պողոսյան', 'Погосян', 'Poghosyan'],
  ['Աբրահամյան', 'Абрамян', 'Abrahamyan'], ['Գալստյան', 'Галстян', 'Galstyan'], ['Սահակյան', 'Саакян', 'Sahakyan'],
  ['Համբարձումյան', 'Амбарцумян', 'Hambardzumyan'], ['Մելքոնյան', 'Мелконян', 'Melkonyan'], ['Զաքարյան', 'Закарян', 'Zakaryan'],
  ['Մուրադյան', 'Мурадян', 'Muradyan'], ['Ներսիսյան', 'Нерсисян', 'Nersisyan'], ['Ստեփանյան', 'Степанян', 'Stepanyan'],
  ['Ասատրյան', 'Асатрян', 'Asatryan'], ['Բաղդասարյան', 'Багдасарян', 'Baghdasaryan'], ['Գասպարյան', 'Гаспарян', 'Gasparyan'],
  ['Մովսիսյան', 'Мовсисян', 'Movsisyan'], ['Թադևոսյան', 'Тадевосян', 'Tadevosyan'], ['Առաքելյան', 'Аракелян', 'Arakelyan'],
  ['Մինասյան', 'Минасян', 'Minasyan'], ['Հայրապետյան', 'Айрапетян', 'Hayrapetyan'], ['Եղիազարյան', 'Егиазарян', 'Yeghiazaryan'],
];

const ARM_PLACES: Forms[] = [
  ['Ստեփանակերտ', 'Степанакерт', 'Stepanakert'], ['Մարտակերտ', 'Мартакерт', 'Martakert'], ['Ասկերան', 'Аскеран', 'Askeran'],
  ['Հադրութ', 'Гадрут', 'Hadrut'], ['Մարտունի', 'Мартуни', 'Martuni'],
];

/** Russian short forms of names (Russian Wikipedia's articles Тамара, Гульнара, Эльмира, Гаянэ). */
const RUSSIAN_SHORT: Record<string, string> = { Тамара: 'Тома', Гульнара: 'Гуля', Гюльнара: 'Гуля', Эльмира: 'Эля', Гаяне: 'Гая' };

interface Person {
  id: string;
  sex: 'M' | 'F';
  armenian: boolean;
  /** For Azerbaijani persons the Azerbaijani Latin forms; for Armenians the Forms of each part. */
  az?: AzPerson;
  given?: Forms;
  family?: Forms;
  father?: Forms;
  place?: Forms;
  birth: { year: number; month: number; day: number };
  death: { year: number; month: number; day: number };
}

/** Armenian households: a father's line, children a year or three apart, names drawn with a 1/rank law. */
function armenianPopulation(count: number, random: Random): Person[] {
  const out: Person[] = [];
  while (out.length < count) {
    // family names are many and spread evenly (unlike given names): one of 36 here, a sample of a much longer list
    const family = pick(random, ARM_FAMILY);
    const place = pick(random, ARM_PLACES);
    const father = pickSkewed(random, ARM_MALE);
    let year = 1930 + Math.floor(random() * 40);
    const children = 1 + Math.floor(random() * 4);
    const siblings = new Set<Forms>();
    for (let k = 0; k < children && out.length < count; k++) {
      const sex = random() < 0.5 ? 'M' : 'F';
      // brothers and sisters do not share a given name
      let given = pickSkewed(random, sex === 'M' ? ARM_MALE : ARM_FEMALE);
      for (let tries = 0; siblings.has(given) && tries < 20; tries++) given = pickSkewed(random, sex === 'M' ? ARM_MALE : ARM_FEMALE);
      siblings.add(given);
      const birth = { year, month: 1 + Math.floor(random() * 12), day: randomDay(random) };
      const deathYear = Math.max(birth.year + 1, 1988 + Math.floor(random() * 7));
      out.push({
        id: `arm-${out.length}`, sex, armenian: true, given, family, father, place, birth,
        death: { year: deathYear, month: 1 + Math.floor(random() * 12), day: randomDay(random) },
      });
      year += 1 + Math.floor(random() * 3);
    }
  }
  return out;
}

const AZ_ADDRESS_AZ = ['xanım', 'bəy', 'müəllim'];
const AZ_ELDER_AZ: Record<'M' | 'F', string[]> = { M: ['dayı', 'kişi', 'baba'], F: ['xala', 'nənə'] };

function ageText(p: Person, language: 'az' | 'ru' | 'en' | 'hy', random: Random): string {
  const beforeBirthday = p.death.month < p.birth.month || (p.death.month === p.birth.month && p.death.day < p.birth.day);
  const a = p.death.year - p.birth.year - (beforeBirthday ? 1 : 0) + (random() < 0.25 ? (random() < 0.5 ? -1 : 1) : 0);
  if (random() < 0.1) return '';
  if (a <= 0) {
    const months = 1 + Math.floor(random() * 11);
    return language === 'az' ? `${months} aylıq` : language === 'ru' ? `${months} мес.` : language === 'hy' ? `${months} ամսական` : `${months} months`;
  }
  const about = random() < 0.12;
  if (language === 'az') return about ? `təxminən ${a}` : `${a} ${pick(random, ['yaş', 'yaşında', 'yaş'])}`;
  if (language === 'ru') return about ? `около ${a} лет` : `${a} ${a % 10 === 1 && a % 100 !== 11 ? 'год' : a % 10 >= 2 && a % 10 <= 4 && (a % 100 < 10 || a % 100 >= 20) ? 'года' : 'лет'}`;
  if (language === 'hy') return `${a} տարեկան`;
  return about ? `about ${a}` : `${a} y.o.`;
}

const AZ_MONTHS = ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'];
const RU_MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

function deathText(p: Person, language: 'az' | 'ru' | 'en' | 'hy', random: Random): string {
  const r = random();
  const d = p.death;
  if (r < 0.2) return '';
  if (r < 0.65) return `${pad2(d.day)}.${pad2(d.month)}.${d.year}`;
  if (r < 0.85) return language === 'az' ? `${AZ_MONTHS[d.month - 1]} ${d.year}` : language === 'ru' ? `${RU_MONTHS[d.month - 1]} ${d.year}` : `${pad2(d.month)}.${d.year}`;
  return String(d.year);
}

const INFORMANTS = {
  az: ['qardaşı', 'bacısı', 'oğlu', 'qızı', 'anası', 'qonşusu', 'əmisi oğlu'],
  ru: ['брат', 'сестра', 'сын', 'дочь', 'мать', 'соседка', 'двоюродный брат'],
  hy: ['եղբայր', 'քույր', 'որդի', 'դուստր', 'մայր'],
  en: ['brother', 'sister', 'son', 'daughter', 'neighbour'],
};

interface Entry {
  name: string;
  language: 'az' | 'ru' | 'en' | 'hy';
  place: string;
}

/** An Azerbaijani victim as a relative reported them, in Azerbaijani (Latin) or Russian. */
function azerbaijaniEntry(p: AzPerson, random: Random): Entry {
  const russian = random() < 0.45;
  if (russian) {
    const family = azerbaijaniToSovietRussian(p.family, random);
    let given = azerbaijaniToSovietRussian(p.given, random);
    const father = azerbaijaniToSovietRussian(p.father, random);
    if (RUSSIAN_SHORT[given] && random() < 0.5) given = RUSSIAN_SHORT[given];
    const r = random();
    let name: string;
    if (r < 0.5) name = `${family} ${given} ${father} ${p.sex === 'M' ? 'оглы' : 'кызы'}`;
    else if (r < 0.85) name = `${given} ${family}`;
    else if (ageAtDeath(p) >= 35) name = `${p.sex === 'M' ? 'дядя' : 'тётя'} ${given} ${family}`;
    else name = `${family} ${given}`;
    if (random() < 0.06) name = typo(name, random);
    const place = random() < 0.2 ? '' : `${pick(random, ['г. ', 'с. ', ''])}${RUSSIAN_DISTRICT_TOWNS[p.district]}`;
    return { name, language: 'ru', place };
  }
  const r = random();
  const old = ageAtDeath(p) >= 55;
  let given = p.given;
  if (r < 0.15) given = `${given} ${pick(random, old ? AZ_ELDER_AZ[p.sex] : AZ_ADDRESS_AZ.filter((w) => p.sex === 'F' ? w === 'xanım' : w !== 'xanım'))}`;
  const s = random();
  let name: string;
  if (s < 0.4) name = `${p.family} ${given} ${p.father} ${p.sex === 'M' ? 'oğlu' : 'qızı'}`;
  else if (s < 0.9) name = `${given} ${p.family}`;
  else name = `${p.family} ${given}`;
  if (random() < 0.06) name = typo(name, random);
  const place = random() < 0.2 ? '' : `${AZ_DISTRICTS[p.district]}${pick(random, [' r.', ' rayonu', ', ' + p.village + ' k.', ''])}`;
  return { name, language: 'az', place };
}

/** An Armenian victim in Armenian script (Armenian order, patronymic in the genitive) or in Russian. */
function armenianEntry(p: Person, random: Random): Entry {
  const given = p.given!;
  const family = p.family!;
  const father = p.father!;
  const r = random();
  let entry: Entry;
  if (r < 0.45) {
    // Armenian genitive of the father's name: -ի after a consonant (Գագիկ → Գագիկի), -յի after a vowel
    const genitive = /[աեէըիոօ]$/.test(father[0]) ? `${father[0]}յի` : `${father[0]}ի`;
    const s = random();
    const name = s < 0.5 ? `${given[0]} ${genitive} ${family[0]}` : s < 0.85 ? `${given[0]} ${family[0]}` : `${family[0]} ${given[0]}`;
    entry = { name, language: 'hy', place: random() < 0.2 ? '' : p.place![0] };
  } else if (r < 0.85) {
    // Russian: the Oganesyan family also appears as Ованесян
    const familyRu = family[1] === 'Оганесян' && random() < 0.4 ? 'Ованесян' : family[1];
    const patronymic = `${father[1]}${p.sex === 'M' ? 'ович' : 'овна'}`;
    const s = random();
    const name = s < 0.45 ? `${familyRu} ${given[1]} ${patronymic}` : s < 0.75 ? `${given[1]} ${patronymic} ${familyRu}` : `${given[1]} ${familyRu}`;
    entry = { name, language: 'ru', place: random() < 0.2 ? '' : `${pick(random, ['г. ', ''])}${p.place![1]}` };
  } else {
    entry = { name: `${given[2]} ${family[2]}`, language: 'en', place: random() < 0.2 ? '' : p.place![2] };
  }
  if (random() < 0.06) entry.name = typo(entry.name, random);
  return entry;
}

function sexText(sex: 'M' | 'F', language: Entry['language'], random: Random): string {
  if (random() < 0.25) return '';
  const m = sex === 'M';
  if (language === 'az') return m ? pick(random, ['K', 'kişi']) : pick(random, ['Q', 'qadın']);
  if (language === 'ru') return m ? pick(random, ['М', 'муж.']) : pick(random, ['Ж', 'жен.']);
  if (language === 'hy') return m ? 'արական' : 'իգական';
  return m ? 'male' : 'female';
}

export interface FamilyReportsOptions {
  persons: number;
  seed?: number;
}

/**
 * A third of the persons are Armenian; each person is reported by one to three relatives (some by none, as the
 * list's compilers could not reach every family), and each report is one row.
 */
export function generateFamilyReports(options: FamilyReportsOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed * 53 + 17);
  const armenians = Math.round(options.persons / 3);
  const az = generateAzPopulation({ persons: options.persons - armenians, seed: seed + 900 });
  const persons: Person[] = [
    ...az.map((p): Person => ({ id: `az-${p.id}`, sex: p.sex, armenian: false, az: p, birth: p.birth, death: p.death })),
    ...armenianPopulation(armenians, random),
  ];
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const p of persons) {
    const u = random();
    const reports = u < 0.3 ? 1 : u < 0.8 ? 2 : 3;
    for (let k = 0; k < reports; k++) {
      const e = p.armenian ? armenianEntry(p, random) : azerbaijaniEntry(p.az!, random);
      rows.push(['', e.name, ageText(p, e.language, random), sexText(p.sex, e.language, random), e.place, deathText(p, e.language, random), pick(random, INFORMANTS[e.language])]);
      truth.push(p.id);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'NGO list from families’ reports (az/ru/hy/en)', header: FAMILY_REPORTS_HEADER, rows, truth };
}
