/**
 * The one set of estimation defaults and limits, read by the CLI, the server's API schema and the web form, so a
 * figure made with "the defaults" is the same figure wherever it was made. Reasons for each value are in
 * docs/estimation.md ("Defaults and why").
 */

/** HRDAG's production truncation: K* = min(2^J − 1, 15) (HRDAG/verdata, R/estimate_mse.R). */
export const MAX_DEFAULT_CLASSES = 15;

export function defaultClasses(lists: number): number {
  return Math.max(1, Math.min(2 ** lists - 1, MAX_DEFAULT_CLASSES));
}

export const ESTIMATION_DEFAULTS = {
  seed: 1,
  /** Three chains: enough for split R-hat to compare chains, not only halves (two cores run two at a time). */
  chains: 3,
  /** HRDAG's production settings (HRDAG/verdata): burn-in 10,000, thinning 500, 1,000 kept draws per chain. */
  burnin: 10_000,
  thinning: 500,
  samples: 1_000,
  /** LCMCR's prior on the stick-breaking concentration α ~ Gamma(0.25, 0.25), the package default. */
  alphaShape: 0.25,
  alphaRate: 0.25,
  /** dga: prior on N ∝ 1/N (dga's documented default), δ = 2^−lists (dga's suggestion, resolved per table). */
  prior: '1/N' as '1/N' | '1/N^2' | 'uniform',
  /** Log-linear: model chosen by AIC unless a model is named. */
  criterion: 'aic' as 'aic' | 'bic',
} as const;

/** Bounds every entry point enforces (the server's are the same; the CLI may go further for offline work). */
export const ESTIMATION_LIMITS = {
  seed: { min: 0, max: 2_147_483_647 },
  chains: { min: 1, max: 8 },
  burnin: { min: 0, max: 1_000_000 },
  thinning: { min: 1, max: 5_000 },
  samples: { min: 10, max: 20_000 },
  classes: { min: 1, max: 50 },
  delta: { min: 1e-6, max: 100 },
} as const;

/**
 * When a sampler's run counts as converged: split R-hat below 1.05 and an effective sample size of N of at least 400.
 * Source: Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and localization: an
 * improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2):667–718, §4: ESS of at least 400 (100
 * per chain for four chains) for reliable R-hat and quantile estimates; their 1.01 threshold is stricter than the
 * classic 1.1 of Gelman & Rubin (1992), and 1.05 is the threshold this project's issue 15 set between the two.
 */
export const CONVERGENCE = {
  rhatBelow: 1.05,
  essAtLeast: 400,
  source: 'split R-hat < 1.05 and ESS ≥ 400 on N (Vehtari et al. 2021, Bayesian Analysis 16(2), §4)',
} as const;

export interface Convergence {
  converged: boolean;
  rhat: number | null;
  ess: number | null;
  rule: string;
  /** Plain words: why the run is not converged (empty when it is). */
  reasons: string[];
}

/** Applies CONVERGENCE to a run's R-hat and ESS (NaN or non-finite means "could not be computed": not converged). */
export function assessConvergence(rhat: number, ess: number): Convergence {
  const reasons: string[] = [];
  if (!Number.isFinite(rhat)) reasons.push('R-hat could not be computed (too few draws)');
  else if (!(rhat < CONVERGENCE.rhatBelow)) reasons.push(`R-hat ${rhat.toFixed(3)} is not below ${CONVERGENCE.rhatBelow}: the chains disagree about N`);
  if (!Number.isFinite(ess)) reasons.push('the effective sample size could not be computed');
  else if (!(ess >= CONVERGENCE.essAtLeast)) reasons.push(`only ${Math.round(ess)} effectively independent draws of N (at least ${CONVERGENCE.essAtLeast} are needed)`);
  return {
    converged: reasons.length === 0,
    rhat: Number.isFinite(rhat) ? rhat : null,
    ess: Number.isFinite(ess) ? ess : null,
    rule: CONVERGENCE.source,
    reasons,
  };
}

/**
 * The convergence of one method's entry of a stored or served report: as recorded (reports since the convergence
 * rule), or assessed now from the stored R-hat and ESS (older reports). Null for methods that are not samplers.
 */
export function convergenceOfEntry(entry: { method?: unknown; estimate?: unknown; convergence?: unknown; diagnostics?: unknown }): Convergence | null {
  if (entry.method !== 'lcmcr' || entry.estimate === null || entry.estimate === undefined) return null;
  const recorded = entry.convergence as Partial<Convergence> | undefined;
  if (recorded && typeof recorded.converged === 'boolean') {
    return { converged: recorded.converged, rhat: recorded.rhat ?? null, ess: recorded.ess ?? null, rule: String(recorded.rule ?? CONVERGENCE.source), reasons: Array.isArray(recorded.reasons) ? recorded.reasons.map(String) : [] };
  }
  const d = (entry.diagnostics ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
  return assessConvergence(num(d.rhat), num(d.ess));
}
