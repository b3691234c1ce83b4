import { describe, expect, it } from 'vitest';
import { isSaturated, measureLoad, sortByKeys } from '../../../../src/routing/strategies/routing-candidate.js';
import { buildCandidate as box } from './build-candidate.js';

describe('isSaturated', () => {
  it.each([
    [{ inFlight: 4, maxConcurrency: 4 }, true],
    [{ inFlight: 5, maxConcurrency: 4 }, true],
    [{ inFlight: 3, maxConcurrency: 4 }, false],
    [{ inFlight: 1000, maxConcurrency: 0 }, false],
  ])('answers %o: %s', (fields, saturated) => {
    expect(isSaturated(box('a', fields))).toBe(saturated);
  });
});

describe('measureLoad', () => {
  it('measures relative to capacity when every candidate has one', () => {
    const candidates = [box('a', { inFlight: 1, waiting: 2, queued: 1, maxConcurrency: 10 }), box('b', { maxConcurrency: 2 })];
    const loadOf = measureLoad(candidates);
    expect(candidates.map(loadOf)).toEqual([0.5, 0.5]);
  });

  it('counts plainly when some candidate is unlimited', () => {
    const candidates = [box('a', { inFlight: 3, maxConcurrency: 10 }), box('b', { inFlight: 1 })];
    expect(candidates.map(measureLoad(candidates))).toEqual([4, 2]);
  });
});

describe('sortByKeys', () => {
  it('sorts by the keys in order', () => {
    expect(sortByKeys(['b2', 'a1', 'a0'], 0, (item) => [item.charCodeAt(0), Number(item[1])])).toEqual(['a0', 'a1', 'b2']);
  });

  it('rotates ties by turn, negative turns included', () => {
    const items = ['x', 'y', 'z'];
    expect([0, 1, 2, -1, 4].map((turn) => sortByKeys(items, turn, () => [0]).join(''))).toEqual(['xyz', 'yzx', 'zxy', 'zxy', 'yzx']);
  });
});
