/**
 * Fixed log-spaced bins for time-to-first-token samples, so a rolling window can keep
 * percentiles in constant memory: four bins per doubling from 1 ms (a value is reported
 * within about 9 % of the truth) up to about 10 minutes, one bin below 1 ms and one above.
 */

const binsPerDoubling = 4;
/** 2^20 ms is about 17 minutes, beyond any first token a client would wait for. */
const doublings = 20;

/** Bin 0 holds [0, 1 ms); bin i holds [2^((i-1)/4), 2^(i/4)) ms; the last one everything above. */
export const latencyBinCount = 2 + binsPerDoubling * doublings;

/** The bin a sample in milliseconds falls into; O(1), no search. */
export function findLatencyBin(milliseconds: number): number {
  if (!(milliseconds >= 1)) return 0;
  const bin = 1 + Math.floor(Math.log2(milliseconds) * binsPerDoubling);
  return Math.min(bin, latencyBinCount - 1);
}

/** The value a bin stands for: its geometric middle (its lower edge for the overflow bin). */
export function representLatencyBin(bin: number): number {
  if (bin <= 0) return 0.5;
  if (bin >= latencyBinCount - 1) return 2 ** doublings;
  return 2 ** ((bin - 0.5) / binsPerDoubling);
}

/**
 * The nearest-rank quantile `q` (0 < q ≤ 1) of the samples counted in `counts` (one count
 * per bin, `total` their sum), or null without samples.
 */
export function findLatencyQuantile(counts: ArrayLike<number>, total: number, q: number): number | null {
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bin = 0; bin < counts.length; bin += 1) {
    seen += counts[bin] ?? 0;
    if (seen >= rank) return representLatencyBin(bin);
  }
  return representLatencyBin(counts.length - 1);
}
