import { romanisedQuery } from '../casualties/service.ts';
import { href, html, page, type Html, type PageContext } from '../portal/html.ts';
import type { PortalLanguage } from '../portal/i18n.ts';
import type { MissingStatus } from '../../core/missing/statuses.ts';
import * as repo from './repository.ts';
import type { Db } from './repository.ts';

export const PUBLIC_MISSING_PAGE = 20;

/**
 * What the public may see of the missing, under the memorial's rules (the repository's publicRecords): records of
 * published lists only, none whose record (or whose linked person's record, in any run) the organisation excluded, and
 * with more than one list required, only persons the stored memorial counts in that many. Shown: the names, birth
 * date, place, the list, and each status as its source reports it (status, date, who reports it). Never: notes, last
 * sightings, places of interest, the identification stage or anything sealed.
 *
 * A name searched for, as written and romanised (the casualty lists' own romanisation), or none.
 */
const nameQuery = (q: string | undefined) => {
  const text = q?.trim();
  return text ? { written: text, romanised: romanisedQuery(text) ?? null } : undefined;
};

export interface PublicMissingPerson {
  id: string;
  names: string[];
  birthDate: string | null;
  place: string | null;
  list: string;
  statuses: Array<{ status: MissingStatus; date: string | null; reportedBy: string }>;
}

/**
 * One page of the public list. `memorial` is the public portal's stored memorial (given by the caller, as the portal's
 * module reads this one's statuses for its person pages): with more than one list required, the filter reads the
 * source counts of the generation it shows.
 */
export async function publicMissing(db: Db, memorial: { shownMemorialGeneration(): Promise<number | null> }, query: { minSources: number; status?: MissingStatus; q?: string; page: number }): Promise<{ total: number; persons: PublicMissingPerson[] }> {
  const generation = query.minSources > 1 ? await memorial.shownMemorialGeneration() : null;
  const { total, rows } = await repo.publicMissingPage(
    db,
    { minSources: query.minSources, generation, status: query.status, q: nameQuery(query.q) },
    { limit: PUBLIC_MISSING_PAGE, offset: (query.page - 1) * PUBLIC_MISSING_PAGE },
  );
  return { total, persons: await withStatuses(db, rows) };
}

/** The statuses of the memorial's records that a list of the missing holds, by the same rules (for a person's page). */
export async function publicStatusesOfRecords(db: Db, recordIds: string[], minSources: number, generation: number | null = null): Promise<PublicMissingPerson[]> {
  if (!recordIds.length) return [];
  return withStatuses(db, await repo.publicMissingRecords(db, { minSources, generation, recordIds }));
}

async function withStatuses(db: Db, rows: Array<{ id: string; names: string[]; given_name: string | null; patronymic: string | null; family_name: string | null; birth_date: string | null; place: string | null; list: string }>) {
  const claims = await repo.publicClaimsOf(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const parts = [r.given_name, r.patronymic, r.family_name].filter(Boolean).join(' ');
    return {
      id: r.id,
      names: [...new Set([...r.names, ...(parts ? [parts] : [])])],
      birthDate: r.birth_date,
      place: r.place,
      list: r.list,
      statuses: claims.filter((c) => c.record_id === r.id).map((c) => ({ status: c.status, date: c.status_date, reportedBy: c.reported_by })),
    };
  });
}

// ---- the page ----

type Key = 'title' | 'lead' | 'search' | 'submit' | 'results' | 'none' | 'status' | 'any' | 'reportedBy' | 'date' | 'list' | 'born' | 'place' | 'statusesTitle' | 'unknown' | 'next' | 'previous' | `status.${MissingStatus}`;

const WORDS: Record<PortalLanguage, Record<Key, string>> = {
  en: {
    title: 'The missing',
    lead: 'Persons a published list reports as missing, with every status as each source reports it, on its date. Where sources differ, each is shown: Reckon does not choose between them.',
    search: 'Search a name in any script',
    submit: 'Search',
    results: '{total} persons',
    none: 'No person matches.',
    status: 'Status',
    any: 'any status',
    reportedBy: 'Reported by',
    date: 'Date',
    list: 'List',
    born: 'Born',
    place: 'Place',
    statusesTitle: 'Status as each source reports it',
    unknown: 'not given',
    next: 'Next page',
    previous: 'Previous page',
    'status.missing': 'missing',
    'status.hostage': 'taken hostage',
    'status.detained': 'detained',
    'status.released': 'released',
    'status.found_dead': 'found dead',
    'status.identified': 'identified',
    'status.buried': 'buried',
  },
  az: {
    title: 'İtkin düşənlər',
    lead: 'Dərc olunmuş siyahının itkin kimi göstərdiyi şəxslər, hər mənbənin bildirdiyi hər status öz tarixi ilə. Mənbələr fərqləndikdə hər biri göstərilir: Reckon onlar arasında seçim etmir.',
    search: 'Adı istənilən əlifbada axtarın',
    submit: 'Axtar',
    results: '{total} şəxs',
    none: 'Heç bir şəxs uyğun gəlmir.',
    status: 'Status',
    any: 'istənilən status',
    reportedBy: 'Məlumat verən',
    date: 'Tarix',
    list: 'Siyahı',
    born: 'Doğulub',
    place: 'Yer',
    statusesTitle: 'Hər mənbənin bildirdiyi status',
    unknown: 'göstərilməyib',
    next: 'Növbəti səhifə',
    previous: 'Əvvəlki səhifə',
    'status.missing': 'itkin düşüb',
    'status.hostage': 'girov götürülüb',
    'status.detained': 'saxlanılıb',
    'status.released': 'azad edilib',
    'status.found_dead': 'ölü tapılıb',
    'status.identified': 'eyniləşdirilib',
    'status.buried': 'dəfn edilib',
  },
  hy: {
    title: 'Անհայտ կորածները',
    lead: 'Անձինք, որոնց հրապարակված ցուցակն անհայտ կորած է նշում, յուրաքանչյուր աղբյուրի հաղորդած յուրաքանչյուր կարգավիճակով՝ իր ամսաթվով։ Երբ աղբյուրները տարբերվում են, ցույց է տրվում յուրաքանչյուրը. Reckon-ը չի ընտրում նրանց միջև։',
    search: 'Որոնել անունը ցանկացած գրով',
    submit: 'Որոնել',
    results: '{total} անձ',
    none: 'Ոչ մի անձ չի համապատասխանում։',
    status: 'Կարգավիճակ',
    any: 'ցանկացած կարգավիճակ',
    reportedBy: 'Հաղորդող',
    date: 'Ամսաթիվ',
    list: 'Ցուցակ',
    born: 'Ծնվել է',
    place: 'Վայր',
    statusesTitle: 'Կարգավիճակը՝ ըստ յուրաքանչյուր աղբյուրի',
    unknown: 'նշված չէ',
    next: 'Հաջորդ էջ',
    previous: 'Նախորդ էջ',
    'status.missing': 'անհայտ կորած',
    'status.hostage': 'պատանդ վերցված',
    'status.detained': 'կալանավորված',
    'status.released': 'ազատ արձակված',
    'status.found_dead': 'գտնվել է մահացած',
    'status.identified': 'ինքնությունը պարզված',
    'status.buried': 'թաղված',
  },
  ru: {
    title: 'Пропавшие без вести',
    lead: 'Люди, которых опубликованный список называет пропавшими без вести, с каждым статусом так, как его сообщает каждый источник, с датой. Где источники расходятся, показан каждый: Reckon не выбирает между ними.',
    search: 'Искать имя в любой письменности',
    submit: 'Искать',
    results: 'Человек: {total}',
    none: 'Никто не найден.',
    status: 'Статус',
    any: 'любой статус',
    reportedBy: 'Кто сообщает',
    date: 'Дата',
    list: 'Список',
    born: 'Родился',
    place: 'Место',
    statusesTitle: 'Статус по сообщению каждого источника',
    unknown: 'не указано',
    next: 'Следующая страница',
    previous: 'Предыдущая страница',
    'status.missing': 'пропал без вести',
    'status.hostage': 'взят в заложники',
    'status.detained': 'задержан',
    'status.released': 'освобождён',
    'status.found_dead': 'найден мёртвым',
    'status.identified': 'опознан',
    'status.buried': 'похоронен',
  },
};

export const missingWords = (lang: PortalLanguage) => (key: Key, params: Record<string, string | number> = {}) => WORDS[lang][key].replace(/\{(\w+)\}/g, (m, n: string) => (n in params ? String(params[n]) : m));

function statusTable(ctx: PageContext, person: PublicMissingPerson): Html {
  const w = missingWords(ctx.lang);
  return html`<table><thead><tr><th scope="col">${w('status')}</th><th scope="col">${w('date')}</th><th scope="col">${w('reportedBy')}</th></tr></thead><tbody>${person.statuses.map(
    (s) => html`<tr><td>${w(`status.${s.status}`)}</td><td>${s.date ?? w('unknown')}</td><td>${s.reportedBy}</td></tr>`,
  )}</tbody></table>`;
}

/** The block a memorial person's page shows when lists of the missing hold their records. */
export function statusesBlock(ctx: PageContext, persons: PublicMissingPerson[]): Html {
  if (!persons.length) return html``;
  const w = missingWords(ctx.lang);
  return html`<section class="person"><h2>${w('statusesTitle')}</h2>${persons.map((p) => html`<p>${w('list')}: ${p.list}</p>${statusTable(ctx, p)}`)}</section>`;
}

export function missingPage(ctx: PageContext, query: { q?: string; status?: string; page: number }, found: { total: number; persons: PublicMissingPerson[] }, statuses: readonly MissingStatus[]): string {
  const w = missingWords(ctx.lang);
  const filters = { q: query.q, status: query.status };
  const last = Math.max(1, Math.ceil(found.total / PUBLIC_MISSING_PAGE));
  const pager =
    last > 1
      ? html`<nav><p>${query.page > 1 ? html`<a rel="prev" href="${href(ctx, '/public/missing', { ...filters, page: query.page - 1 })}">${w('previous')}</a> ` : ''}${query.page} / ${last}${query.page < last ? html` <a rel="next" href="${href(ctx, '/public/missing', { ...filters, page: query.page + 1 })}">${w('next')}</a>` : ''}</p></nav>`
      : html``;
  const body = html`<p>${w('lead')}</p>
<form class="search" method="get" action="/public/missing" role="search"><div><label for="q">${w('search')}</label><input type="search" id="q" name="q" value="${query.q ?? ''}" maxlength="200"></div>
<div><label for="status">${w('status')}</label><select id="status" name="status"><option value="">${w('any')}</option>${statuses.map((s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${w(`status.${s}`)}</option>`)}</select></div>
<input type="hidden" name="lang" value="${ctx.lang}"><button type="submit">${w('submit')}</button></form>
<p role="status">${w('results', { total: found.total })}</p>
${found.persons.length ? found.persons.map((p) => html`<article class="person"><h2>${p.names.join(' / ')}</h2><p class="muted">${w('born')}: ${p.birthDate ?? w('unknown')} · ${w('place')}: ${p.place ?? w('unknown')} · ${w('list')}: ${p.list}</p>${statusTable(ctx, p)}</article>`) : html`<p>${w('none')}</p>`}
${pager}`;
  return page(ctx, '/public/missing', { ...filters, page: query.page }, w('title'), w('lead'), body);
}
