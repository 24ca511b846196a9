import type { ComparisonSpec, FieldSpec, LinkSettingsInput } from './settings.ts';

/**
 * Sensible settings from a header: which columns hold names, dates, sex, place and identifiers, recognised by
 * their names in English, Russian, Azerbaijani and Armenian. The result is an ordinary settings object that a
 * user can save, edit and pass back with --settings.
 */

type Role =
  | 'id'
  | 'full'
  | 'given'
  | 'family'
  | 'patronymic'
  | 'birth'
  | 'death'
  | 'sex'
  | 'place'
  | 'postcode'
  | 'identifier'
  | 'address'
  | 'email';

const ROLE_PATTERNS: Array<[Role, RegExp]> = [
  ['id', /^(rec(ord)?[_ ]?id|unique[_ ]?id|uid|id|№|no)$/iu],
  ['patronymic', /(patronym|father|отчество|ata[_ ]?ad|հայրանուն)/iu],
  ['given', /((given|first|fore)[_ ]?name|^first$|^given$|^имя$|^ad$|^անուն$)/iu],
  ['family', /((sur|last|family)[_ ]?name|^surname$|^фамилия$|^soyad(ı)?$|^ազգանուն$)/iu],
  ['full', /^(name|full[_ ]?name|person|фио|ф\.и\.о\.?|ad[_ ]?soyad|anun[_ ]?azganun|անուն[_ ]?ազգանուն)$/iu],
  // before birth and death: "place of birth" is a place
  ['place', /(place|city|village|town|suburb|region|district|locality|место|город|село|yer|şəhər|kənd|բնակավայր)/iu],
  ['birth', /(birth|dob|born|рожд|doğum|dogum|ծնվ)/iu],
  ['death', /(death|died|dod|killed|смерт|гибел|ölüm|olum|vəfat|մահ)/iu],
  ['sex', /^(sex|gender|пол|cins|cinsi|սեռ)$/iu],
  ['postcode', /(post[_ ]?code|zip)/iu],
  ['identifier', /(soc[_ ]?sec|ssn|passport|national[_ ]?id|паспорт)/iu],
  ['email', /e-?mail/iu],
  ['address', /(address|street|улица|küçə)/iu],
];

export interface DetectedColumns {
  idColumn?: string;
  roles: Record<string, Role>;
}

export function detectColumns(header: readonly string[]): DetectedColumns {
  const roles: Record<string, Role> = {};
  const taken = new Set<Role>();
  let idColumn: string | undefined;
  for (const raw of header) {
    const name = raw.trim();
    for (const [role, pattern] of ROLE_PATTERNS) {
      if (!pattern.test(name)) continue;
      if (role === 'id') {
        idColumn ??= raw;
        break;
      }
      const multiple = role === 'place' || role === 'address' || role === 'identifier';
      if (!multiple && taken.has(role)) break;
      roles[raw] = role;
      taken.add(role);
      break;
    }
  }
  return { idColumn, roles };
}

function fieldName(column: string, used: Set<string>): string {
  let base = column
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (!base) base = 'field';
  let name = base;
  for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
  used.add(name);
  return name;
}

/**
 * `records`: the expected input size. Past 200,000 records the name-only blocking rule is also keyed on the
 * decade of the date, and the family-name + birth-year rule on the given initial (or the place): with a name
 * vocabulary that does not grow with the list, such blocks grow with n² and would swamp the run.
 */
export function defaultSettings(header: readonly string[], options: { records?: number } = {}): LinkSettingsInput {
  const large = (options.records ?? 0) > 200_000;
  const { idColumn, roles } = detectColumns(header);
  const fields: FieldSpec[] = [];
  const comparisons: ComparisonSpec[] = [];
  const used = new Set<string>(['given', 'family', 'patronymic', 'birth', 'death']);
  const column = (role: Role) => Object.keys(roles).find((c) => roles[c] === role);
  const given = column('given');
  const family = column('family');
  const full = column('full');
  const patronymic = column('patronymic');
  if (given) fields.push({ name: 'given', column: given, type: 'name' });
  else if (full) fields.push({ name: 'given', column: full, type: 'name', part: 'given' });
  if (family) fields.push({ name: 'family', column: family, type: 'name' });
  else if (full) fields.push({ name: 'family', column: full, type: 'name', part: 'family' });
  if (patronymic) fields.push({ name: 'patronymic', column: patronymic, type: 'name' });
  else if (full) fields.push({ name: 'patronymic', column: full, type: 'name', part: 'patronymic' });
  const hasGiven = fields.some((f) => f.name === 'given');
  const hasFamily = fields.some((f) => f.name === 'family');
  if (hasGiven) comparisons.push({ field: 'given', kind: 'name', tf: true, ...(hasFamily ? { swapWith: 'family' } : {}) });
  if (hasFamily) comparisons.push({ field: 'family', kind: 'name', tf: true, ...(hasGiven ? { swapWith: 'given' } : {}) });
  if (fields.some((f) => f.name === 'patronymic')) comparisons.push({ field: 'patronymic', kind: 'name' });
  const birth = column('birth');
  if (birth) {
    fields.push({ name: 'birth', column: birth, type: 'date' });
    comparisons.push({ field: 'birth', kind: 'date' });
  }
  const death = column('death');
  if (death) {
    fields.push({ name: 'death', column: death, type: 'date' });
    comparisons.push({ field: 'death', kind: 'date' });
  }
  const others: Array<[Role, ComparisonSpec['kind']]> = [
    ['sex', 'exact'],
    ['postcode', 'distance'],
    ['identifier', 'distance'],
    ['email', 'text'],
    ['place', 'text'],
    ['address', 'text'],
  ];
  const extra: Record<string, string[]> = {};
  for (const [role, kind] of others) {
    for (const col of Object.keys(roles).filter((c) => roles[c] === role)) {
      const name = fieldName(col, used);
      // place names are romanised like personal names: lists write the same village in different scripts
      fields.push(role === 'place' ? { name, column: col, type: 'name' } : { name, column: col, type: 'text' });
      comparisons.push({ field: name, kind, ...(role === 'place' ? { tf: true } : {}) });
      (extra[role] ??= []).push(name);
    }
  }
  if (fields.length === 0) throw new RangeError(`no name, date or place columns recognised in the header (${header.join(', ')}); pass --settings`);
  const blocking: string[][] = [];
  const date = birth ? 'birth' : death ? 'death' : null;
  const nameRule = hasGiven && hasFamily ? ['given|family:phonetic'] : hasGiven || hasFamily ? [`${hasGiven ? 'given' : 'family'}:phonetic`] : null;
  if (nameRule) blocking.push(large && date ? [...nameRule, `${date}:decade`] : nameRule);
  if (large && nameRule && fields.some((f) => f.name === 'patronymic')) blocking.push([...nameRule, 'patronymic:phonetic']);
  if (date && hasGiven && hasFamily) blocking.push([date, 'given|family:initial']);
  else if (date) blocking.push([date]);
  if (date && hasFamily && large && hasGiven) {
    // family + year alone gives blocks that grow with n² (22 of 26 million pairs at a million synthetic records,
    // 1.4 % of them matches); a third key part cuts them about tenfold at a recall cost measured in
    // docs/bench/linkage.md. The place rule catches part of what the initial misses (Həsən/Гасан, first-letter typos).
    blocking.push(['family:phonetic', `${date}:year`, 'given:initial']);
    if (extra.place) blocking.push(['family:phonetic', `${date}:year`, `${extra.place[0]}:phonetic`]);
  } else if (date && hasFamily) blocking.push(['family:phonetic', `${date}:year`]);
  if (date && hasGiven) blocking.push(['given:phonetic', `${date}:yearmonth`]);
  if (extra.postcode && hasGiven) blocking.push([extra.postcode[0], 'given:initial']);
  if (extra.identifier) blocking.push([extra.identifier[0]]);
  if (extra.email) blocking.push([extra.email[0]]);
  if (blocking.length === 0) blocking.push([fields[0].name]);
  return { ...(idColumn ? { idColumn } : {}), fields, comparisons, blocking };
}
