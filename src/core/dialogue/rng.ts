/**
 * Mulberry32: a small, fast 32-bit generator. Every random choice in the dialogue engine draws from one of these,
 * seeded by the caller, so the same votes and seed always give the same analysis.
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
