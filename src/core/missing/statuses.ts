/**
 * Missing persons: the statuses a source may report for a person over time, the stages of identification, and how
 * a list's columns and cells name them in the four languages. Pure data, shared by the server, the CLI and the web.
 * A status is always what one source says on one date; competing statuses stand side by side, never merged.
 */

export const MISSING_STATUSES = ['missing', 'hostage', 'detained', 'released', 'found_dead', 'identified', 'buried'] as const;
export type MissingStatus = (typeof MISSING_STATUSES)[number];

export const IDENTIFICATION_STAGES = ['reported_missing', 'ante_mortem_collected', 'samples_given', 'identified'] as const;
export type IdentificationStage = (typeof IDENTIFICATION_STAGES)[number];

export const PLACE_KINDS = ['detention_site', 'burial_site', 'last_seen', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The extra columns a list of the missing may carry beside a casualty list's. */
export const MISSING_COLUMNS = ['status', 'status_date', 'last_seen_date', 'last_seen_place', 'reported_by'] as const;
export type MissingColumn = (typeof MISSING_COLUMNS)[number];

/** Headers (folded: lower case, no accents, spaces for separators) that name each column, in en, az, ru and hy. */
const HEADERS: Record<MissingColumn, string[]> = {
  status: ['status', 'fate', 'missing status', 'veziyyet', 'status veziyyeti', 'taleyi', 'статус', 'судьба', 'положение', 'կարգավիճակ', 'ճակատագիր'],
  status_date: ['status date', 'date of status', 'reported on', 'status tarixi', 'melumat tarixi', 'дата статуса', 'дата сообщения', 'կարգավիճակի ամսաթիվ'],
  last_seen_date: ['last seen', 'last seen date', 'date last seen', 'sonuncu defe goruldu', 'son gorulme tarixi', 'последний раз видели', 'дата последнего контакта', 'վերջին անգամ տեսել են', 'վերջին անգամ տեսնելու ամսաթիվ'],
  last_seen_place: ['last seen place', 'place last seen', 'last seen at', 'son goruldüyü yer', 'son gorulduyu yer', 'место последнего контакта', 'где видели последний раз', 'վերջին անգամ տեսնելու վայր'],
  reported_by: ['reported by', 'source of report', 'informant', 'melumat veren', 'кто сообщил', 'источник сведений', 'հաղորդող'],
};

/** Words for each status in the four languages (folded), as lists write them. */
const STATUS_WORDS: Record<MissingStatus, string[]> = {
  missing: ['missing', 'disappeared', 'itkin', 'itkin dusmus', 'пропал', 'пропавший', 'пропала', 'пропал без вести', 'без вести пропавший', 'անհայտ կորած'],
  hostage: ['hostage', 'taken hostage', 'girov', 'girov goturulub', 'заложник', 'взят в заложники', 'պատանդ'],
  detained: ['detained', 'captive', 'prisoner', 'esir', 'saxlanilir', 'задержан', 'в плену', 'пленный', 'գերի', 'կալանավորված'],
  released: ['released', 'returned', 'azad edilib', 'serbest buraxilib', 'освобожден', 'освобождён', 'вернулся', 'ազատ արձակված', 'վերադարձել'],
  found_dead: ['found dead', 'dead', 'olu tapilib', 'olu', 'найден мертвым', 'найден мёртвым', 'погиб', 'մահացած', 'գտնվել է մահացած'],
  identified: ['identified', 'eyniles dirilib', 'eynilesdirilib', 'опознан', 'идентифицирован', 'ինքնությունը պարզված', 'նույնականացված'],
  buried: ['buried', 'defn edilib', 'похоронен', 'захоронен', 'թաղված'],
};

/** Lower case, accents and Azerbaijani letters folded to ASCII where they have one, separators to single spaces. */
export function foldWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/ə/g, 'e')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[_\-./:;,()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const FOLDED_HEADERS = Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k, v.map(foldWords)])) as Record<MissingColumn, string[]>;
const FOLDED_WORDS = Object.fromEntries(Object.entries(STATUS_WORDS).map(([k, v]) => [k, v.map(foldWords)])) as Record<MissingStatus, string[]>;

/** Which header names each missing-person column, when one does (first match wins; a header serves one column). */
export function detectMissingColumns(header: readonly string[]): Partial<Record<MissingColumn, string>> {
  const found: Partial<Record<MissingColumn, string>> = {};
  const used = new Set<string>();
  for (const column of MISSING_COLUMNS) {
    const hit = header.find((h) => !used.has(h) && FOLDED_HEADERS[column].includes(foldWords(h)));
    if (hit !== undefined) {
      found[column] = hit;
      used.add(hit);
    }
  }
  return found;
}

/** The status a cell names (a code such as `found_dead` or a word in one of the four languages), or null. */
export function readStatus(cell: string): MissingStatus | null {
  const folded = foldWords(cell);
  if (!folded) return null;
  const code = folded.replace(/ /g, '_');
  if ((MISSING_STATUSES as readonly string[]).includes(code)) return code as MissingStatus;
  for (const status of MISSING_STATUSES) if (FOLDED_WORDS[status].includes(folded)) return status;
  return null;
}
