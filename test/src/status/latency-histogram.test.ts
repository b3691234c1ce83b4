/**
 * The fixed log-spaced bins that keep time-to-first-token percentiles in constant memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLatencyBin, findLatencyQuantile, latencyBinCount, representLatencyBin } from '../../../src/status/latency-histogram.js';

describe('latency histogram', () => {
  it.each([
    { ms: 0, bin: 0 },
    { ms: 0.99, bin: 0 },
    { ms: Number.NaN, bin: 0 },
    { ms: 1, bin: 1 },
    { ms: 2, bin: 5 },
    { ms: 1e9, bin: latencyBinCount - 1 },
  ])('puts $ms ms into bin $bin', ({ ms, bin }) => {
    expect(findLatencyBin(ms)).toBe(bin);
  });

  it('stands for any value from 1 ms to 10 minutes within 10 %', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 600_000, noNaN: true }), (ms) => {
        const represented = representLatencyBin(findLatencyBin(ms));
        expect(Math.abs(represented - ms) / ms).toBeLessThan(0.1);
      }),
    );
  });

  it('answers the nearest-rank quantile of the counted samples', () => {
    const counts = new Array<number>(latencyBinCount).fill(0);
    for (const ms of [10, 10, 10, 100, 1000]) counts[findLatencyBin(ms)]! += 1;
    expect(findLatencyQuantile(counts, 5, 0.5)).toBeCloseTo(representLatencyBin(findLatencyBin(10)));
    expect(findLatencyQuantile(counts, 5, 0.8)).toBeCloseTo(representLatencyBin(findLatencyBin(100)));
    expect(findLatencyQuantile(counts, 5, 0.95)).toBeCloseTo(representLatencyBin(findLatencyBin(1000)));
  });

  it('answers null without samples', () => {
    expect(findLatencyQuantile(new Array<number>(latencyBinCount).fill(0), 0, 0.5)).toBeNull();
  });
});
