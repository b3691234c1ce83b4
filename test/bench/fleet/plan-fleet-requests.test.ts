import { describe, expect, it } from 'vitest';
import { planFleetRequests, seededRandom, zipfShares } from '../../../bench/fleet/plan-fleet-requests.js';

const models = ['first', 'second', 'third', 'fourth'];

function countsOf(plan: readonly string[]): number[] {
  return models.map((model) => plan.filter((entry) => entry === model).length);
}

describe('seededRandom', () => {
  it('gives the same values for the same seed and others for another', () => {
    const take = (seed: number): number[] => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('stays in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, seededRandom(1));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

describe('zipfShares', () => {
  it.each([
    [1, [12 / 25, 6 / 25, 4 / 25, 3 / 25]],
    [0, [0.25, 0.25, 0.25, 0.25]],
  ])('with skew %d shares %j', (skew, shares) => {
    zipfShares(4, skew).forEach((share, index) => expect(share).toBeCloseTo(shares[index] ?? NaN, 10));
  });
});

describe('planFleetRequests', () => {
  it('plans the same requests in the same order for the same seed', () => {
    const spec = { requests: 50, skew: 1, seed: 42 };
    expect(planFleetRequests(models, spec)).toEqual(planFleetRequests(models, spec));
  });

  it('asks for the more popular models more often', () => {
    const counts = countsOf(planFleetRequests(models, { requests: 4000, skew: 1, seed: 3 }));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(4000);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // The most popular gets about 48%, the least about 12%.
    expect(counts[0]! / 4000).toBeCloseTo(0.48, 1);
    expect(counts[3]! / 4000).toBeCloseTo(0.12, 1);
  });

  it('plans nothing without models', () => {
    expect(planFleetRequests([], { requests: 10, skew: 1, seed: 1 })).toEqual([]);
  });
});
