import type { EstimateDetail } from './service.ts';

const METHOD_NAMES: Record<string, string> = {
  lcmcr: 'Latent-class model (LCMCR, Bayesian)',
  dga: 'Decomposable graphical models averaged (dga, Bayesian)',
  loglinear: 'Log-linear model chosen by information criterion',
  chapman: "Chapman's two-list estimator",
};

const ASSUMPTIONS = [
  'The lists describe one closed population: nobody entered or left it between the lists, and every person on a list belongs to it.',
  'Records were matched correctly across lists: no person counted twice, no two people merged. Matching errors move the estimate directly.',
  'The model chosen describes how the lists depend on each other and how likely different people were to be recorded. Different methods make different assumptions; where they disagree, the assumptions matter more than the data.',
  'People on no list are assumed to resemble those on the lists in the way the model says. Groups that no list reached at all cannot be estimated.',
];

function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function num(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value === null ? 'no upper end' : '–';
  return Math.round(value).toLocaleString('en-GB');
}

type Entry = Record<string, unknown>;

function methodRows(entries: Entry[]): string {
  return entries
    .map((m) => {
      const name = METHOD_NAMES[String(m.method)] ?? String(m.method);
      if (m.estimate === null) return `<tr><th scope="row">${esc(name)}</th><td colspan="3">no estimate</td></tr>`;
      return `<tr><th scope="row">${esc(name)}</th><td>${num(m.estimate)}</td><td>${num(m.lower)} to ${num(m.upper)}</td><td>${esc(m.intervalKind)}</td></tr>`;
    })
    .join('');
}

function diagnostics(entries: Entry[]): string {
  return entries
    .filter((m) => m.diagnostics && typeof m.diagnostics === 'object')
    .map((m) => {
      const d = m.diagnostics as Record<string, unknown>;
      const items = Object.entries(d).map(([k, v]) => `<li>${esc(k)}: ${esc(typeof v === 'number' ? Number(v.toPrecision(4)) : v)}</li>`);
      return `<h3>${esc(METHOD_NAMES[String(m.method)] ?? m.method)}</h3><ul>${items.join('')}</ul>`;
    })
    .join('');
}

/** A self-contained printable report: no scripts, no styles (the strict CSP would block them), no external resources. */
export function renderReportHtml(estimate: EstimateDetail): string {
  const result = estimate.result as { observed?: number; lists?: string[]; warnings?: string[]; total?: Entry[]; strata?: (Entry & { methods: Entry[]; warnings: string[] })[] } | null;
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Estimate: ${esc(estimate.title)}</title>
</head><body>`;
  const header = `<h1>Estimate: ${esc(estimate.title)}</h1>
<p><em>Every figure below is a statistical estimate under the stated assumptions, not a count of the dead. The documented figure is what the lists record; the estimated total adds people whom no list recorded, inferred from how the lists overlap.</em></p>
<p>Input: ${esc(estimate.inputKind)} (SHA-256 <code>${esc(estimate.inputSha256)}</code>), created ${esc(estimate.createdAt)}. Options: <code>${esc(JSON.stringify(estimate.options))}</code></p>`;
  if (!result) {
    return `${head}${header}<p>State: ${esc(estimate.state)}${estimate.error ? ` — ${esc(estimate.error)}` : ''}</p></body></html>`;
  }
  const allWarnings = [...(result.warnings ?? []), ...(result.total ?? []).flatMap((t) => (Array.isArray(t.warnings) ? (t.warnings as string[]) : []))];
  const strata = result.strata ?? [];
  const strataTable =
    strata.length > 1
      ? `<h2>By stratum</h2><table border="1" cellpadding="4"><thead><tr><th scope="col">Stratum</th><th scope="col">Documented</th>${(result.total ?? []).map((t) => `<th scope="col">${esc(t.method)}</th>`).join('')}</tr></thead><tbody>${strata
          .map(
            (s) =>
              `<tr><th scope="row">${esc(s.label)}</th><td>${num(s.observed)}</td>${(result.total ?? [])
                .map((t) => {
                  const m = s.methods.find((x) => x.method === t.method);
                  return `<td>${m ? `${num(m.estimate)} (${num(m.lower)}–${num(m.upper)})` : '–'}</td>`;
                })
                .join('')}</tr>`,
          )
          .join('')}<tr><th scope="row">Sum</th><td>${num(result.observed)}</td>${(result.total ?? []).map((t) => `<td>${t.estimate === null ? '–' : `${num(t.estimate)} (${num(t.lower)}–${num(t.upper)})`}</td>`).join('')}</tr></tbody></table>`
      : '';
  const body = `<h2>Documented and estimated</h2>
<p>Documented on at least one of the ${esc((result.lists ?? []).length)} lists (${esc((result.lists ?? []).join(', '))}): <strong>${num(result.observed)}</strong>.</p>
<table border="1" cellpadding="4"><thead><tr><th scope="col">Method</th><th scope="col">Estimated total</th><th scope="col">95% interval</th><th scope="col">Kind of interval</th></tr></thead><tbody>${methodRows(result.total ?? [])}</tbody></table>
${allWarnings.length ? `<section role="alert"><h2>Warnings: read these before using any figure</h2><ul>${allWarnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : ''}
${strataTable}
<h2>Diagnostics</h2><p>R-hat compares the sampler's chains: values above 1.1 mean they have not agreed and the figure is not reliable. ESS (effective sample size) is how many independent draws the sample is worth: below 100 the interval ends are uncertain.</p>
${diagnostics(result.total ?? [])}
<h2>Assumptions</h2><ul>${ASSUMPTIONS.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`;
  return `${head}${header}${body}</body></html>`;
}
