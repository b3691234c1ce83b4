import { describe, expect, it } from 'vitest';
import { interleavedOrder, median, medianOfRatios, percentile, ratio, summarizeLatencies } from '../../bench/statistics.js';

describe('percentile', () => {
  it.each([
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2.5],
    [[3, 1, 2], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 1],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
  ])('of %j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('median', () => {
  it('leaves out values that are not finite', () => {
    expect(median([NaN, 4, Infinity, 2])).toBe(3);
  });
});

describe('ratio', () => {
  it.each([
    [6, 3, 2],
    [1, 0, NaN],
    [1, -2, NaN],
    [undefined, 2, NaN],
    [NaN, 2, NaN],
  ])('%s / %s is %s', (a, b, expected) => {
    expect(ratio(a, b)).toEqual(expected);
  });

  it('takes the median of per-round ratios, skipping undefined rounds', () => {
    expect(medianOfRatios([[2, 1], [3, 1], [1, 0], [4, 1]])).toBe(3);
  });
});

describe('summarizeLatencies', () => {
  it('reports count, percentiles, max and mean', () => {
    const summary = summarizeLatencies([4, 1, 3, 2]);
    expect(summary).toMatchObject({ count: 4, p50: 2.5, max: 4, mean: 2.5 });
  });
});

describe('interleavedOrder', () => {
  it('runs forwards on even rounds and backwards on odd ones', () => {
    expect(interleavedOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(interleavedOrder(['a', 'b', 'c'], 1)).toEqual(['c', 'b', 'a']);
  });
});
