import type { StatsView } from '../casualties/schemas.ts';
import { submissionT } from '../submissions/i18n.ts';
import { href, html, Html, page, type PageContext } from '../portal/html.ts';
import { PAGE_SIZE, type MemorialEntry, type PublicPortal } from './service.ts';
import { memorialCountBlock, receiptBlock, registryFiguresBlock, type PortalReceipts } from '../receipts/portal.ts';
import { statusesBlock } from '../missing/public.ts';

type Query = Record<string, string | undefined>;
const pageOf = (q: Query) => Math.min(Math.max(Number.parseInt(q.page ?? '1', 10) || 1, 1), 500);

function pager(ctx: PageContext, path: string, query: Query, total: number): Html {
  const current = pageOf(query);
  const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (last === 1) return html``;
  return html`<nav aria-label="${ctx.t('page.of', { page: current })}"><p>${current > 1 ? html`<a rel="prev" href="${href(ctx, path, { ...query, page: current - 1 })}">${ctx.t('page.previous')}</a> ` : ''}${ctx.t('page.of', { page: current })}${current < last ? html` <a rel="next" href="${href(ctx, path, { ...query, page: current + 1 })}">${ctx.t('page.next')}</a>` : ''}</p></nav>`;
}

export async function homePage(ctx: PageContext, portal: PublicPortal, receipts?: PortalReceipts): Promise<string> {
  const { itemsExact, ...counts } = await portal.counts();
  const items = itemsExact ? counts.items : `${counts.items}+`;
  const { t } = ctx;
  const memorialReceipt = receipts ? await receipts.memorial() : null;
  const body = html`<p>${t('home.lead', { org: ctx.org })}</p><p class="muted">${t('home.counts', { ...counts, items })}</p>${memorialReceipt ? memorialCountBlock(ctx, memorialReceipt) : ''}
<ul><li><a href="${href(ctx, '/public/archive')}">${t('nav.archive')}</a></li><li><a href="${href(ctx, '/claims')}">${t('nav.claims')}</a></li>
<li><a href="${href(ctx, '/public/reports')}">${t('nav.reports')}</a></li><li><a href="${href(ctx, '/public/estimates')}">${t('nav.estimates')}</a></li>
<li><a href="${href(ctx, '/public/statistics')}">${t('nav.statistics')}</a></li><li><a href="${href(ctx, '/public/memorial')}">${t('nav.memorial')}</a></li>
<li><a href="${href(ctx, '/public/data')}">${t('nav.data')}</a></li><li><a href="${href(ctx, '/public/neutrality')}">${t('nav.neutrality')}</a></li></ul>`;
  return page(ctx, '/public', {}, t('title'), t('home.lead', { org: ctx.org }), body);
}

export async function archivePage(ctx: PageContext, portal: PublicPortal, query: Query): Promise<string> {
  const { t } = ctx;
  const filters = { q: query.q, kind: query.kind, language: query.language, country: query.country, year: query.year };
  const found = await portal.archive({ ...filters, kind: filters.kind as never, page: pageOf(query) });
  const facet = (name: 'kind' | 'language' | 'country' | 'year', label: string) => {
    const values = found.facets[name];
    if (!values.length) return html``;
    return html`<section><h3>${label}</h3><ul>${values.map((v) =>
      filters[name] === v.value ? html`<li aria-current="true">${v.value} (${v.count})</li>` : html`<li><a href="${href(ctx, '/public/archive', { ...filters, [name]: v.value })}">${v.value}</a> (${v.count})</li>`,
    )}</ul></section>`;
  };
  const body = html`<p>${t('archive.lead')}</p>
<form class="search" method="get" action="/public/archive" role="search"><div><label for="q">${t('archive.search')}</label><input type="search" id="q" name="q" value="${query.q ?? ''}" maxlength="500"></div>
<input type="hidden" name="lang" value="${ctx.lang}"><button type="submit">${t('archive.submit')}</button></form>
<p role="status">${found.totalExact ? t('archive.results', { total: found.total }) : t('archive.atLeast', { total: found.total })}${Object.values(filters).some(Boolean) ? html` · <a href="${href(ctx, '/public/archive')}">${t('facet.clear')}</a>` : ''}</p>
<div class="facets">${facet('kind', t('facet.kind'))}${facet('language', t('facet.language'))}${facet('country', t('facet.country'))}${facet('year', t('facet.year'))}</div>
${found.items.length ? html`<ol class="results">${found.items.map((i) => html`<li><h2><a href="${href(ctx, `/public/archive/${i.id}`)}">${i.title}</a></h2><p class="muted">${[i.kind, i.eventDate, i.place, i.country].filter(Boolean).join(' · ')}</p>${i.description ? html`<p>${i.description.slice(0, 300)}</p>` : ''}</li>`)}</ol>` : html`<p>${t('archive.none')}</p>`}
${pager(ctx, '/public/archive', filters, found.total)}`;
  return page(ctx, '/public/archive', { ...filters, page: query.page }, t('nav.archive'), t('archive.lead'), body);
}

export async function itemPage(ctx: PageContext, portal: PublicPortal, id: string): Promise<string> {
  const { t } = ctx;
  const item = await portal.item(id);
  const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : html``);
  const body = html`<dl class="meta">${row(t('item.kind'), item.kind)}${row(t('item.date'), item.eventDate)}${row(t('item.place'), [item.place, item.country].filter(Boolean).join(', '))}
${row(t('item.gps'), item.gps ? `${item.gps.latitude}, ${item.gps.longitude}` : null)}${row(t('item.providedBy'), item.providedBy)}${row(t('item.pseudonym'), item.pseudonym)}
${row(t('item.languages'), item.languages.join(', '))}${row(t('item.published'), item.publishedAt?.slice(0, 10))}</dl>
${item.description ? html`<p>${item.description}</p>` : ''}
<h2>${t('item.files')}</h2>${item.files.length ? html`<ul>${item.files.map((f) => html`<li><a href="/api/archive/items/${item.id}/files/${f.id}/content" download>${t('item.download')}: ${f.name}</a> (${f.size} B) <br><span class="muted">${t('item.sha256')}: <code>${f.sha256}</code></span></li>`)}</ul>` : html`<p>${t('item.noFiles')}</p>`}`;
  return page(ctx, `/public/archive/${item.id}`, {}, item.title, item.description.slice(0, 200) || item.title, body);
}

export async function reportsPage(ctx: PageContext, portal: PublicPortal, receipts?: PortalReceipts): Promise<string> {
  const { t } = ctx;
  const reports = await portal.reports();
  const local = (text: Record<string, string>) => text[ctx.lang] ?? text.en ?? Object.values(text)[0] ?? '';
  const body = html`<p>${t('reports.lead')}</p>${reports.length ? html`<ul class="results">${reports.map((r) => html`<li><h2>${local(r.topic)}</h2>${local(r.description) ? html`<p>${local(r.description)}</p>` : ''}<p class="muted">${r.state === 'open' ? t('reports.state.open') : t('reports.state.closed')} · ${r.updatedAt.slice(0, 10)}</p><p><a href="/dialogue/report/${r.id}">${t('reports.open')}</a></p>${receipts ? receiptBlock(ctx, receipts.dialogueReport(r.id)) : ''}</li>`)}</ul>` : html`<p>${t('reports.none')}</p>`}`;
  return page(ctx, '/public/reports', {}, t('nav.reports'), t('reports.lead'), body);
}

const round = (n: number | null, ctx: PageContext) => (n === null ? ctx.t('estimates.noUpper') : Math.round(n).toLocaleString(ctx.lang === 'az' ? 'az-Latn' : ctx.lang));

/** Beside dga's headline (its Bayes estimate under relative squared-error loss): the posterior median, δ and the prior. */
function dgaNote(ctx: PageContext, d: { median: number | null; delta: number | null; prior: string | null }): Html {
  const tag = ctx.lang === 'az' ? 'az-Latn' : ctx.lang;
  const delta = d.delta === null ? '–' : d.delta.toLocaleString(tag, { maximumSignificantDigits: 4 });
  return html`<br><small class="muted">${ctx.t('estimates.dgaDetail', { median: d.median === null ? '–' : round(d.median, ctx), delta, prior: d.prior ?? '–' })}</small>`;
}

/** An estimate whose sampler did not converge is marked where it is published, and so is a person's override. */
function notConverged(ctx: PageContext, e: { convergence: { rhat: number | null; ess: number | null } | null; overridden: boolean }): Html {
  const tag = ctx.lang === 'az' ? 'az-Latn' : ctx.lang;
  const rhat = e.convergence?.rhat === null || e.convergence?.rhat === undefined ? '–' : e.convergence.rhat.toLocaleString(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const ess = e.convergence?.ess === null || e.convergence?.ess === undefined ? '–' : Math.round(e.convergence.ess).toLocaleString(tag);
  return html`<p class="warning" role="note">${ctx.t('estimates.notConverged', { rhat, ess })}${e.overridden ? html` ${ctx.t('estimates.overridden')}` : ''}</p>`;
}

export async function estimatesPage(ctx: PageContext, portal: PublicPortal, receipts?: PortalReceipts): Promise<string> {
  const { t } = ctx;
  const estimates = await portal.estimates();
  const assumptions = html`<h3>${t('estimates.assumptions')}</h3><ul><li>${t('estimates.a1')}</li><li>${t('estimates.a2')}</li><li>${t('estimates.a3')}</li><li>${t('estimates.a4')}</li></ul>`;
  const body = html`<p>${t('estimates.lead')}</p>${estimates.length ? estimates.map((e) => html`<section class="person" id="estimate-${e.id}"><h2>${e.title}</h2>
<p>${t('estimates.documented')} (${e.lists.join(', ')}): <strong>${e.observed === null ? '–' : round(e.observed, ctx)}</strong></p>
<table><thead><tr><th scope="col">${t('estimates.method')}</th><th scope="col">${t('estimates.estimate')}</th><th scope="col">${t('estimates.interval')}</th></tr></thead>
<tbody>${e.methods.map((m) => html`<tr><th scope="row">${m.method}</th><td>${m.estimate === null ? '–' : round(m.estimate, ctx)}${m.dga ? dgaNote(ctx, m.dga) : ''}</td><td>${m.lower === null ? '–' : round(m.lower, ctx)} – ${round(m.upper, ctx)}</td></tr>`)}</tbody></table>
${e.converged === false ? notConverged(ctx, e) : ''}
${e.warnings.length ? html`<div class="warning"><h3>${t('estimates.warnings')}</h3><ul>${e.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
${assumptions}<p class="muted">${t('estimates.input')}: <code>${e.inputSha256}</code></p>${receipts ? receiptBlock(ctx, receipts.estimate(e.id)) : ''}</section>`) : html`<p>${t('estimates.none')}</p>`}`;
  return page(ctx, '/public/estimates', {}, t('nav.estimates'), t('estimates.lead'), body);
}

function countTable(ctx: PageContext, title: string, rows: StatsView['bySex']): Html {
  if (!rows.length) return html``;
  return html`<h3>${title}</h3><table><thead><tr><th scope="col">${ctx.t('stats.value')}</th><th scope="col">${ctx.t('stats.persons')}</th></tr></thead><tbody>${rows.map((r) => html`<tr><th scope="row">${r.key}</th><td>${r.persons === null ? ctx.t('stats.hidden') : r.persons}</td></tr>`)}</tbody></table>`;
}

export async function statisticsPage(ctx: PageContext, portal: PublicPortal, receipts?: PortalReceipts): Promise<string> {
  const { t } = ctx;
  const all = await portal.statistics();
  const links = receipts ? await Promise.all(all.map((s) => receipts.statistics(s.runId))) : [];
  const body = html`<p>${t('stats.lead', { min: portal.statsMinCell })}</p>${all.length ? all.map((s, i) => html`<section class="person"><h2>${s.sources.map((x) => x.name).join(' · ')}</h2>
<p>${t('stats.persons')}: <strong>${s.totals.persons ?? t('stats.hidden')}</strong> · ${t('stats.records')}: ${s.totals.records}</p>
${countTable(ctx, t('stats.bySex'), s.bySex)}${countTable(ctx, t('stats.byStatus'), s.byStatus)}${countTable(ctx, t('stats.byAgeBand'), s.byAgeBand)}${countTable(ctx, t('stats.byPlace'), s.byPlace)}${links[i] ? receiptBlock(ctx, links[i]) : ''}</section>`) : html`<p>${t('stats.none')}</p>`}`;
  return page(ctx, '/public/statistics', {}, t('nav.statistics'), t('stats.lead', { min: portal.statsMinCell }), body);
}

/** One person, always the same blocks in the same order, whoever they are: names, then each list as it stands. */
export function personBlock(ctx: PageContext, person: MemorialEntry, heading: 'h2' | 'h1'): Html {
  const { t } = ctx;
  const unknown = (v: unknown) => (v === null || v === undefined || v === '' ? t('memorial.unknown') : v);
  const title = person.names.join(' / ');
  const listings = html`<p>${t('memorial.listedBy')}: ${person.listings.map((l) => l.source).join('; ')}</p>
<table><thead><tr><th scope="col">${t('memorial.listedBy')}</th><th scope="col">${t('memorial.namesWritten')}</th><th scope="col">${t('memorial.born')}</th><th scope="col">${t('memorial.died')}</th><th scope="col">${t('memorial.age')}</th><th scope="col">${t('memorial.place')}</th><th scope="col">${t('memorial.status')}</th></tr></thead>
<tbody>${person.listings.map((l) => html`<tr><th scope="row">${l.source}</th><td>${l.names.join(' / ')}</td><td>${unknown(l.birthDate)}</td><td>${unknown(l.deathDate)}</td><td>${unknown(l.age)}</td><td>${unknown(l.place)}</td><td>${unknown(l.status)}</td></tr>`)}</tbody></table>`;
  if (heading === 'h1') return listings;
  return html`<article class="person"><h2><a href="${href(ctx, `/public/memorial/${person.key}`)}">${title}</a></h2>${listings}</article>`;
}

export async function memorialPage(ctx: PageContext, portal: PublicPortal, query: Query, receipts?: PortalReceipts): Promise<string> {
  const { t } = ctx;
  const filters = { q: query.q, place: query.place, year: query.year };
  const { found, places, years } = await portal.memorialWithIndexes({ ...filters, page: pageOf(query) });
  // the unfiltered total is the published statistics' persons total when a receipt stands behind it
  const memorialReceipt = receipts && !Object.values(filters).some(Boolean) ? await receipts.memorial() : null;
  const index = (label: string, name: 'place' | 'year', rows: Array<{ value: string; persons: number }>) =>
    html`<section><h2>${label}</h2><ul>${rows.map((r) => html`<li><a href="${href(ctx, '/public/memorial', { [name]: r.value })}">${r.value}</a> (${r.persons})</li>`)}</ul></section>`;
  const body = html`<p>${t('memorial.lead')}</p>
<form class="search" method="get" action="/public/memorial" role="search"><div><label for="q">${t('memorial.search')}</label><input type="search" id="q" name="q" value="${query.q ?? ''}" maxlength="200"></div>
<input type="hidden" name="lang" value="${ctx.lang}"><button type="submit">${t('archive.submit')}</button></form>
<p role="status">${t('memorial.results', { total: found.total })}${Object.values(filters).some(Boolean) ? html` · <a href="${href(ctx, '/public/memorial')}">${t('facet.clear')}</a>` : ''}</p>
${found.persons.length ? found.persons.map((p) => personBlock(ctx, p, 'h2')) : html`<p>${t('memorial.none')}</p>`}
${pager(ctx, '/public/memorial', filters, found.total)}${memorialReceipt ? memorialCountBlock(ctx, memorialReceipt) : ''}
<div class="facets">${index(t('memorial.byPlace'), 'place', places)}${index(t('memorial.byYear'), 'year', years)}</div>
<p class="muted">${t('memorial.correct', { org: ctx.org })} <a href="${href(ctx, '/public/submit')}">${submissionT(ctx.lang)('kind.missing_name')}</a></p>`;
  return page(ctx, '/public/memorial', { ...filters, page: query.page }, t('nav.memorial'), t('memorial.lead'), body);
}

export async function personPage(ctx: PageContext, portal: PublicPortal, key: string): Promise<string> {
  const { t } = ctx;
  const { person, statuses } = await portal.personWithStatuses(key);
  const body = html`${personBlock(ctx, person, 'h1')}${statusesBlock(ctx, statuses)}<p><a href="${href(ctx, '/public/memorial')}">${t('memorial.back')}</a></p><p class="muted">${t('memorial.correct', { org: ctx.org })} <a href="${href(ctx, '/public/submit', { person: key })}">${submissionT(ctx.lang)('title')}</a></p>`;
  return page(ctx, `/public/memorial/${key}`, {}, person.names.join(' / '), `${t('memorial.listedBy')}: ${person.listings.map((l) => l.source).join('; ')}`, body);
}

export function neutralityPage(ctx: PageContext): string {
  const { t } = ctx;
  const body = html`<p>${t('neutrality.p1')}</p><p>${t('neutrality.p2')}</p><p>${t('neutrality.p3')}</p><p>${t('neutrality.p4')}</p>`;
  return page(ctx, '/public/neutrality', {}, t('neutrality.title'), t('neutrality.p1'), body);
}

export const OPEN_LISTS = ['items', 'reports', 'estimates', 'statistics', 'persons'] as const;

export function dataPage(ctx: PageContext, licence: string, citation: string, receipts?: PortalReceipts): string {
  const { t } = ctx;
  const body = html`<p>${t('data.lead', { licence })}</p><table><thead><tr><th scope="col">${t('data.list')}</th><th scope="col">CSV</th><th scope="col">JSON</th></tr></thead><tbody>${OPEN_LISTS.map(
    (l) => html`<tr><th scope="row">${l}</th><td><a href="/api/public/${l}?format=csv">${l}.csv</a></td><td><a href="/api/public/${l}">${l}.json</a></td></tr>`,
  )}</tbody></table><p>${t('data.cite')}: <q>${citation}</q></p><p>${t('data.api')}</p>${receipts ? registryFiguresBlock(ctx, receipts.registryFigures()) : ''}`;
  return page(ctx, '/public/data', {}, t('nav.data'), t('data.lead', { licence }), body);
}
