import { CONVERGENCE, convergenceOfEntry } from '../../core/estimation/defaults.ts';
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

/** "converged", "NOT CONVERGED (…)" or "not a sampler", for the figures table. */
function convergenceCell(m: Entry): string {
  const c = convergenceOfEntry(m);
  if (!c) return 'not a sampler (exact or closed form)';
  const figures = `R-hat ${c.rhat === null ? '–' : c.rhat.toFixed(3)}, ESS ${c.ess === null ? '–' : Math.round(c.ess)}`;
  return c.converged ? `converged (${figures})` : `<strong>NOT CONVERGED</strong> (${figures})`;
}

/** The kind of headline figure, and for dga the posterior median beside its Bayes estimate. */
function pointCell(m: Entry): string {
  const d = (m.diagnostics ?? {}) as Record<string, unknown>;
  const kind = esc(m.pointEstimate ?? '');
  return m.method === 'dga' && typeof d.median === 'number' && String(m.pointEstimate).startsWith('Bayes') ? `${kind}; posterior median ${num(d.median)}` : kind;
}

function methodRows(entries: Entry[]): string {
  return entries
    .map((m) => {
      const name = METHOD_NAMES[String(m.method)] ?? String(m.method);
      if (m.estimate === null) return `<tr><th scope="row">${esc(name)}</th><td colspan="5">no estimate</td></tr>`;
      return `<tr><th scope="row">${esc(name)}</th><td>${num(m.estimate)}</td><td>${pointCell(m)}</td><td>${num(m.lower)} to ${num(m.upper)}</td><td>${esc(m.intervalKind)}</td><td>${convergenceCell(m)}</td></tr>`;
    })
    .join('');
}

/** δ and the prior of dga, K* and the sampler settings of LCMCR, the log-linear model: what the figure assumed. */
function settingsList(entries: Entry[]): string {
  const items: string[] = [];
  for (const m of entries) {
    const d = (m.diagnostics ?? {}) as Record<string, unknown>;
    if (m.method === 'dga' && d.delta !== undefined) {
      items.push(`dga: hyper-Dirichlet δ = ${esc(Number(d.delta).toPrecision(4))}, prior on N ${esc(d.prior)}; most probable graph ${esc(d.topModel)} (posterior probability ${esc(Number(d.topModelProbability).toFixed(2))})`);
    }
    if (m.method === 'lcmcr' && d.chains !== undefined) {
      const kStar = d.maxClasses ?? d.classes;
      items.push(
        `LCMCR: K* = ${esc(kStar)} latent classes at most${d.occupiedClassesMean != null ? `, ${esc(Number(d.occupiedClassesMean).toFixed(1))} occupied on average (${esc(d.occupiedClassesMin)}–${esc(d.occupiedClassesMax)})` : ''}; ${esc(d.chains)} chains × ${esc(d.drawsPerChain)} draws, burn-in ${esc(d.burnin)}, thinning ${esc(d.thinning)}, seed ${esc(d.seed)}${d.truncationRedraws !== undefined ? `; the 20n bound on N was hit ${esc(d.truncationRedraws)} time(s)` : ''}`,
      );
    }
    if (m.method === 'loglinear' && d.model !== undefined) items.push(`log-linear: model ${esc(d.model)}, ${esc(d.criterion)}`);
  }
  return items.length ? `<h2>Settings</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '';
}

function perChainTable(entries: Entry[]): string {
  const lcmcr = entries.find((m) => m.method === 'lcmcr' && Array.isArray(m.perChain));
  if (!lcmcr) return '';
  const rows = (lcmcr.perChain as Record<string, unknown>[])
    .map((c) => `<tr><td>${esc(c.chain)}</td><td>${num(c.median)}</td><td>${typeof c.rhat === 'number' ? c.rhat.toFixed(3) : '–'}</td><td>${num(c.ess)}</td><td>${typeof c.occupiedClassesMean === 'number' ? c.occupiedClassesMean.toFixed(1) : '–'}</td></tr>`)
    .join('');
  return `<h3>LCMCR chains</h3><table border="1" cellpadding="4"><thead><tr><th scope="col">Chain</th><th scope="col">Median N</th><th scope="col">R-hat (its two halves)</th><th scope="col">ESS</th><th scope="col">Occupied classes (mean)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function diagnostics(entries: Entry[]): string {
  return entries
    .filter((m) => m.diagnostics && typeof m.diagnostics === 'object')
    .map((m) => {
      const d = m.diagnostics as Record<string, unknown>;
      const items = Object.entries(d).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => `<li>${esc(k)}: ${esc(typeof v === 'number' ? Number(v.toPrecision(4)) : v)}</li>`);
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
  const unconverged = (result.total ?? []).some((m) => convergenceOfEntry(m)?.converged === false) || estimate.converged === false;
  const override = estimate.convergenceOverride;
  const notConverged = unconverged
    ? `<section role="alert"><p><strong>NOT CONVERGED: the sampler's chains did not meet the convergence rule. Do not publish these figures${override ? '' : ' unless a person records why'}.</strong>${override ? ` Override recorded by ${esc(override.by)} at ${esc(override.at)}: “${esc(override.reason)}”.` : ''}</p></section>`
    : '';
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
${notConverged}<table border="1" cellpadding="4"><thead><tr><th scope="col">Method</th><th scope="col">Estimated total</th><th scope="col">Point estimate</th><th scope="col">95% interval</th><th scope="col">Kind of interval</th><th scope="col">Convergence</th></tr></thead><tbody>${methodRows(result.total ?? [])}</tbody></table>
${settingsList(result.total ?? [])}
${allWarnings.length ? `<section role="alert"><h2>Warnings: read these before using any figure</h2><ul>${allWarnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>` : ''}
${strataTable}
<h2>Diagnostics</h2><p>R-hat compares the sampler's chains: at ${CONVERGENCE.rhatBelow} or above they have not agreed and the figure is not reliable. ESS (effective sample size) is how many independent draws the sample is worth: below ${CONVERGENCE.essAtLeast} the interval ends are uncertain. Rule: ${esc(CONVERGENCE.source)}.</p>
${perChainTable(result.total ?? [])}
${diagnostics(result.total ?? [])}
<h2>Assumptions</h2><ul>${ASSUMPTIONS.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`;
  return `${head}${header}${body}</body></html>`;
}
