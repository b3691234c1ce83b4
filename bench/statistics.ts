/** Order statistics and ratios for the benchmark's samples. Pure functions. */

/** The p-th percentile (0-100) of sorted values, interpolating between the nearest ranks. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] ?? NaN;
  const high = sorted[upper] ?? NaN;
  return low + (high - low) * (rank - lower);
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

/** Median of the finite values; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  return percentile(Array.from(values).filter(Number.isFinite), 50);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = sortedCopy(values);
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? NaN) : NaN,
    mean: sorted.length > 0 ? total / sorted.length : NaN,
  };
}

/** a / b, or NaN when either is not a finite number or b is not positive. */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return NaN;
  return a / b;
}

/** The median over rounds of a per-round ratio; rounds where it is undefined are left out. */
export function medianOfRatios(pairs: ReadonlyArray<readonly [number | undefined, number | undefined]>): number {
  return median(pairs.map(([a, b]) => ratio(a, b)));
}

/** The order targets are measured in during a round: forwards on even rounds, backwards on odd. */
export function interleavedOrder<T>(targets: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...targets] : [...targets].reverse();
}
