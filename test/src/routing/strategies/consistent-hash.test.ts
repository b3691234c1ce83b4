import { describe, expect, it } from 'vitest';
import { pickByAffinity, rendezvousScore } from '../../../../src/routing/strategies/consistent-hash.js';
import type { RoutingCandidate } from '../../../../src/routing/strategies/routing-candidate.js';
import { buildCandidate as box } from './build-candidate.js';

const keys = Array.from({ length: 2000 }, (_, index) => `key-${index}`);

/** The candidates ranked by their score for `key`, best first: what the pick falls back through. */
function preferenceOf(key: string, candidates: readonly RoutingCandidate[]): string[] {
  return [...candidates].sort((left, right) => rendezvousScore(key, right.key) - rendezvousScore(key, left.key)).map((candidate) => candidate.key);
}

/** A key whose first choice among `a`…`d` is `first`. */
function keyPreferring(first: string, candidates: readonly RoutingCandidate[]): string {
  const key = keys.find((candidate) => preferenceOf(candidate, candidates)[0] === first);
  if (!key) throw new Error(`no key prefers ${first}`);
  return key;
}

const fleet = () => ['a', 'b', 'c', 'd'].map((key) => box(key, { maxConcurrency: 8 }));

describe('rendezvousScore', () => {
  it('stays the same from release to release, so a rolling upgrade keeps every key where it was', () => {
    expect(rendezvousScore('user-42', 'box-a')).toBe(228481701567197);
  });
});

describe('pickByAffinity', () => {
  it('picks the same connection in two independently built fleets, whatever their order', () => {
    const first = ['box-a', 'box-b', 'box-c'].map((key) => box(key, { inFlight: 1, maxConcurrency: 4 }));
    const second = ['box-c', 'box-a', 'box-b'].map((key) => box(key, { inFlight: 1, maxConcurrency: 4 }));
    for (const key of keys.slice(0, 200)) expect(pickByAffinity(first, key)?.key).toBe(pickByAffinity(second, key)?.key);
  });

  it('spreads keys roughly evenly over the fleet', () => {
    const candidates = fleet();
    const counts = new Map<string, number>();
    for (const key of keys) {
      const chosen = pickByAffinity(candidates, key)?.key ?? '';
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(count / keys.length).toBeGreaterThan(0.18);
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves only the keys of a connection that went down', () => {
    const candidates = fleet();
    const withoutD = candidates.map((candidate) => (candidate.key === 'd' ? { ...candidate, available: false } : candidate));
    for (const key of keys.slice(0, 500)) {
      const before = pickByAffinity(candidates, key)?.key;
      if (before !== 'd') expect(pickByAffinity(withoutD, key)?.key).toBe(before);
    }
  });

  it('skips a saturated connection for the next choice of the key', () => {
    const candidates = fleet();
    const key = keyPreferring('a', candidates);
    const saturatedA = candidates.map((candidate) => (candidate.key === 'a' ? { ...candidate, inFlight: 8 } : candidate));
    expect(pickByAffinity(saturatedA, key)?.key).toBe(preferenceOf(key, candidates)[1]);
  });

  it('skips a connection over (1 + ε) times its share, though not saturated', () => {
    const candidates = fleet();
    const key = keyPreferring('a', candidates);
    // 4 of 8 in flight on a, 0 elsewhere: one more would be 5, its bound ceil(1.25 × 5 / 4) = 2.
    const loadedA = candidates.map((candidate) => (candidate.key === 'a' ? { ...candidate, inFlight: 4 } : candidate));
    expect(pickByAffinity(loadedA, key)?.key).toBe(preferenceOf(key, candidates)[1]);
  });

  it('stays on its connection while that carries no more than its share', () => {
    const candidates = fleet().map((candidate) => ({ ...candidate, inFlight: 2 }));
    const key = keyPreferring('a', candidates);
    expect(pickByAffinity(candidates, key)?.key).toBe('a');
  });

  it('gives a larger share to a connection with more capacity', () => {
    const key = keyPreferring('a', fleet());
    // a has 4 of 16, b…d 1 of 4 each: a's share is 16/28 of 8 requests, bound ceil(1.25 × 8 × 16 / 28) = 6.
    const candidates = fleet().map((candidate) => (candidate.key === 'a' ? { ...candidate, inFlight: 4, maxConcurrency: 16 } : { ...candidate, inFlight: 1, maxConcurrency: 4 }));
    expect(pickByAffinity(candidates, key)?.key).toBe('a');
  });

  it('chooses among the connections where the model is loaded', () => {
    const candidates = fleet();
    const key = keyPreferring('a', candidates);
    const coldA = candidates.map((candidate) => (candidate.key === 'a' ? { ...candidate, loaded: false } : candidate));
    expect(pickByAffinity(coldA, key)?.key).toBe(preferenceOf(key, candidates).filter((name) => name !== 'a')[0]);
  });

  it('chooses among connections of unknown state before known cold ones', () => {
    const candidates = [box('a', { loaded: false }), box('b', { loaded: undefined })];
    const key = keyPreferring('a', candidates);
    expect(pickByAffinity(candidates, key)?.key).toBe('b');
  });

  it('chooses among all connections when the model is loaded nowhere', () => {
    const candidates = fleet().map((candidate) => ({ ...candidate, loaded: false }));
    const key = keyPreferring('c', candidates);
    expect(pickByAffinity(candidates, key)?.key).toBe('c');
  });

  it('picks nothing when every loaded connection is saturated, so the strategy decides', () => {
    const candidates = [box('a', { inFlight: 2, maxConcurrency: 2 }), box('b', { inFlight: 2, maxConcurrency: 2 }), box('c', { loaded: false, maxConcurrency: 2 })];
    expect(pickByAffinity(candidates, 'key-1')).toBeUndefined();
  });

  it('never picks an unavailable connection or one that asked to be left alone', () => {
    const candidates = [box('a', { available: false }), box('b', { busy: true }), box('c')];
    for (const key of keys.slice(0, 50)) expect(pickByAffinity(candidates, key)?.key).toBe('c');
  });
});
