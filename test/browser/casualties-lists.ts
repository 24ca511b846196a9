/**
 * Three casualty lists of sixteen fictional people, written as three documentation groups would write them: an
 * Azerbaijani Latin list with whole names (family name first, with the patronymic), DD.MM.YYYY dates and K/Q
 * sex codes; a Russian Cyrillic list with family name, given name and patronymic in their own columns and М/Ж;
 * an English press list with given-name-first romanisations from the Russian and ages only. Every name and date is
 * invented for the test; the spellings follow the usual conventions (Azerbaijani Latin alphabet, Russian
 * transcription of Azerbaijani names, English romanisation of the Russian forms).
 */
interface Person {
  az: [family: string, given: string, patronymic: string];
  ru: [family: string, given: string, patronymic: string];
  en: string;
  sex: 'm' | 'f';
  born: [day: number, month: number, year: number];
  died: [day: number, month: number];
}

export const PEOPLE: Person[] = [
  { az: ['Hüseynova', 'Səbinə', 'Famil qızı'], ru: ['Гусейнова', 'Сабина', 'Фамиль кызы'], en: 'Sabina Guseynova', sex: 'f', born: [14, 3, 1961], died: [26, 2] },
  { az: ['Həsənov', 'Tofiq', 'Əli oğlu'], ru: ['Гасанов', 'Тофик', 'Али оглы'], en: 'Tofik Gasanov', sex: 'm', born: [2, 7, 1948], died: [26, 2] },
  { az: ['Əliyev', 'Rəşid', 'Həsən oğlu'], ru: ['Алиев', 'Рашид', 'Гасан оглы'], en: 'Rashid Aliyev', sex: 'm', born: [20, 11, 1955], died: [26, 2] },
  { az: ['Məmmədova', 'Nərmin', 'Rauf qızı'], ru: ['Мамедова', 'Нармин', 'Рауф кызы'], en: 'Narmin Mamedova', sex: 'f', born: [9, 5, 1970], died: [25, 2] },
  { az: ['Quliyev', 'Elçin', 'Vaqif oğlu'], ru: ['Кулиев', 'Эльчин', 'Вагиф оглы'], en: 'Elchin Kuliyev', sex: 'm', born: [30, 1, 1966], died: [26, 2] },
  { az: ['İsmayılova', 'Gülnarə', 'Əhməd qızı'], ru: ['Исмаилова', 'Гюльнара', 'Ахмед кызы'], en: 'Gulnara Ismailova', sex: 'f', born: [17, 9, 1959], died: [26, 2] },
  { az: ['Nəsirov', 'Vüqar', 'Kamil oğlu'], ru: ['Насиров', 'Вугар', 'Камиль оглы'], en: 'Vugar Nasirov', sex: 'm', born: [3, 4, 1975], died: [25, 2] },
  { az: ['Cəfərova', 'Aynur', 'Ramiz qızı'], ru: ['Джафарова', 'Айнур', 'Рамиз кызы'], en: 'Aynur Jafarova', sex: 'f', born: [11, 12, 1982], died: [26, 2] },
  { az: ['Abbasov', 'Famil', 'Şamil oğlu'], ru: ['Аббасов', 'Фамиль', 'Шамиль оглы'], en: 'Famil Abbasov', sex: 'm', born: [25, 6, 1940], died: [26, 2] },
  { az: ['Hacıyeva', 'Zərifə', 'Mehdi qızı'], ru: ['Гаджиева', 'Зарифа', 'Мехти кызы'], en: 'Zarifa Gadzhiyeva', sex: 'f', born: [8, 2, 1935], died: [26, 2] },
  { az: ['Rzayev', 'Natiq', 'Bəhram oğlu'], ru: ['Рзаев', 'Натиг', 'Бахрам оглы'], en: 'Natig Rzayev', sex: 'm', born: [19, 8, 1963], died: [26, 2] },
  { az: ['Orucova', 'Sevinc', 'Elman qızı'], ru: ['Оруджева', 'Севиндж', 'Эльман кызы'], en: 'Sevindzh Orudzheva', sex: 'f', born: [27, 10, 1978], died: [25, 2] },
  { az: ['Vəliyev', 'Kamran', 'Rasim oğlu'], ru: ['Велиев', 'Камран', 'Расим оглы'], en: 'Kamran Veliyev', sex: 'm', born: [5, 3, 1986], died: [26, 2] },
  { az: ['Babayeva', 'Ləman', 'Tahir qızı'], ru: ['Бабаева', 'Ламан', 'Тахир кызы'], en: 'Laman Babayeva', sex: 'f', born: [22, 7, 1990], died: [26, 2] },
  { az: ['Şükürov', 'İlqar', 'Yusif oğlu'], ru: ['Шукюров', 'Ильгар', 'Юсиф оглы'], en: 'Ilgar Shukyurov', sex: 'm', born: [1, 12, 1952], died: [26, 2] },
  { az: ['Qasımova', 'Xədicə', 'Hüseyn qızı'], ru: ['Касумова', 'Хадиджа', 'Гусейн кызы'], en: 'Khadija Kasumova', sex: 'f', born: [15, 5, 1945], died: [26, 2] },
];

const pad = (n: number) => String(n).padStart(2, '0');
const dmy = ([d, m, y]: [number, number, number]) => `${pad(d)}.${pad(m)}.${y}`;
/** Age at death in 1992, as a press list would give it. */
const age = (p: Person) => 1992 - p.born[2] - (p.born[1] > p.died[1] || (p.born[1] === p.died[1] && p.born[0] > p.died[0]) ? 1 : 0);

/** The true person (index in PEOPLE) of each row of the three files, keyed "az:1", "ru:101", "en:EN-1". */
export function truthOfThreeLists(): Map<string, number> {
  const truth = new Map<string, number>();
  PEOPLE.forEach((_, i) => truth.set(`az:${i + 1}`, i));
  PEOPLE.forEach((_, i) => truth.set(`ru:${101 + i}`, PEOPLE.length - 1 - i));
  PEOPLE.map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.en.localeCompare(b.p.en))
    .forEach(({ i }, k) => truth.set(`en:EN-${k + 1}`, i));
  return truth;
}

/** Pairwise precision, recall and F1 of persons (lists of "list:id" keys) against the truth. */
export function pairwiseScores(truth: Map<string, number>, persons: string[][]): { precision: number; recall: number; f1: number; wrong: string[] } {
  const person = new Map<string, number>();
  persons.forEach((keys, p) => keys.forEach((k) => person.set(k, p)));
  const keys = [...truth.keys()];
  let tp = 0;
  const wrong: string[] = [];
  for (let a = 0; a < keys.length; a++)
    for (let b = a + 1; b < keys.length; b++) {
      const same = truth.get(keys[a]) === truth.get(keys[b]);
      const linked = person.has(keys[a]) && person.get(keys[a]) === person.get(keys[b]);
      if (same && linked) tp++;
      else if (same || linked) wrong.push(`${linked ? 'linked' : 'missed'} ${keys[a]} ${keys[b]}`);
    }
  const fp = wrong.filter((w) => w.startsWith('linked')).length;
  const fn = wrong.length - fp;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), wrong };
}

/** The three files, each in its own record order and numbering (truthOfThreeLists gives the true person of each row). */
export function threeListsAsTheyCome(): { az: string; ru: string; en: string } {
  const az = ['Sıra,"Soyadı, adı, ata adı",Cinsi,Doğum tarixi,Həlak olduğu tarix,Yer'];
  PEOPLE.forEach((p, i) => az.push(`${i + 1},${p.az.join(' ')},${p.sex === 'm' ? 'K' : 'Q'},${dmy(p.born)},${dmy([p.died[0], p.died[1], 1992])},Xocalı`));
  const ru = ['№,Фамилия,Имя,Отчество,Пол,Дата рождения,Дата гибели,Место гибели'];
  [...PEOPLE].reverse().forEach((p, i) => ru.push(`${101 + i},${p.ru.join(',')},${p.sex === 'm' ? 'М' : 'Ж'},${dmy(p.born)},${dmy([p.died[0], p.died[1], 1992])},Ходжалы`));
  const en = ['ID,Name,Sex,Age,Date of death,Place'];
  PEOPLE.map((p, i) => ({ p, i })).sort((a, b) => a.p.en.localeCompare(b.p.en)).forEach(({ p }, k) => en.push(`EN-${k + 1},${p.en},${p.sex === 'm' ? 'M' : 'F'},${age(p)},1992-02-${pad(p.died[0])},Khojaly`));
  return { az: `${az.join('\n')}\n`, ru: `${ru.join('\n')}\n`, en: `${en.join('\n')}\n` };
}
