/**
 * The fleet workload's request order: which model each request asks for, drawn with a
 * Zipf-skewed popularity from a seeded generator, so every strategy in a run (and every
 * run) is sent the same requests in the same order. Pure.
 */

/** mulberry32: a small, well-mixed 32-bit generator; values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Each model's share of the requests: the k-th (from 1) ∝ 1 / k^skew. */
export function zipfShares(count: number, skew: number): number[] {
  const weights = Array.from({ length: count }, (_, index) => 1 / (index + 1) ** skew);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

export interface FleetPlanSpec {
  requests: number;
  skew: number;
  seed: number;
}

/** `requests` model ids, most popular first in `models`. */
export function planFleetRequests(models: readonly string[], spec: FleetPlanSpec): string[] {
  if (models.length === 0) return [];
  const shares = zipfShares(models.length, spec.skew);
  const random = seededRandom(spec.seed);
  return Array.from({ length: spec.requests }, () => {
    let left = random();
    for (const [index, share] of shares.entries()) {
      left -= share;
      if (left < 0) return models[index] ?? models[0] ?? '';
    }
    // Rounding left a sliver above the last share.
    return models[models.length - 1] ?? '';
  });
}
