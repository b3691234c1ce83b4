import { describe, expect, it } from 'vitest';
import { rendezvousScore } from '../../../../src/routing/strategies/consistent-hash.js';
import { orderCandidates } from '../../../../src/routing/strategies/order-candidates.js';
import type { RoutingCandidate } from '../../../../src/routing/strategies/routing-candidate.js';
import { buildCandidate as box, describeOrder } from './build-candidate.js';

/** A key whose highest-scoring connection among `names` is `wanted`. */
function keyPreferring(wanted: string, names: string[]): string {
  for (let index = 0; index < 1000; index += 1) {
    const key = `key-${index}`;
    const best = [...names].sort((left, right) => rendezvousScore(key, right) - rendezvousScore(key, left))[0];
    if (best === wanted) return key;
  }
  throw new Error(`no key prefers ${wanted}`);
}

describe('orderCandidates', () => {
  it.each([
    ['least_busy', [box('a', { inFlight: 2 }), box('b')], ['b:least_busy', 'a:failover']],
    ['round_robin', [box('a', { inFlight: 2 }), box('b')], ['a:round_robin', 'b:failover']],
    ['priority', [box('a', { priority: 1 }), box('b', { inFlight: 2 })], ['b:priority', 'a:failover']],
  ] as const)('orders by strategy %s without an affinity key', (strategy, candidates, order) => {
    expect(describeOrder(orderCandidates(candidates, { strategy, turn: 0 }))).toEqual(order);
  });

  it("puts the affinity pick first and keeps the strategy's order behind it", () => {
    const candidates = [box('a'), box('b', { inFlight: 1 }), box('c', { inFlight: 1 })];
    const key = keyPreferring('c', ['a', 'b', 'c']);
    expect(describeOrder(orderCandidates(candidates, { strategy: 'least_busy', affinityKey: key, turn: 0 }))).toEqual(['c:affinity', 'a:failover', 'b:failover']);
  });

  it('lists the affinity pick once when the strategy would have chosen it too', () => {
    const candidates = [box('a'), box('b', { inFlight: 1 })];
    const key = keyPreferring('a', ['a', 'b']);
    expect(describeOrder(orderCandidates(candidates, { strategy: 'least_busy', affinityKey: key, turn: 0 }))).toEqual(['a:affinity', 'b:failover']);
  });

  it("falls back to the strategy's order when no connection may take the key", () => {
    const candidates: RoutingCandidate[] = [box('a', { inFlight: 1, maxConcurrency: 1 }), box('b', { loaded: false })];
    expect(describeOrder(orderCandidates(candidates, { strategy: 'least_busy', affinityKey: 'any', turn: 0 }))).toEqual(['b:cold', 'a:failover']);
  });

  it('keeps affinity within the tier the priority strategy uses', () => {
    const key = keyPreferring('cloud', ['office-1', 'office-2', 'cloud']);
    const candidates = [box('office-1'), box('office-2'), box('cloud', { priority: 1 })];
    const [first] = orderCandidates(candidates, { strategy: 'priority', affinityKey: key, turn: 0 });
    expect(first?.reason).toBe('affinity');
    expect(first?.candidate.key).not.toBe('cloud');
  });

  it('follows the key into the next tier once the lower one is saturated', () => {
    const key = keyPreferring('cloud-2', ['cloud-1', 'cloud-2']);
    const candidates = [box('office', { inFlight: 1, maxConcurrency: 1 }), box('cloud-1', { priority: 1 }), box('cloud-2', { priority: 1 })];
    expect(describeOrder(orderCandidates(candidates, { strategy: 'priority', affinityKey: key, turn: 0 }))[0]).toBe('cloud-2:affinity');
  });

  it('gives nothing when no candidate is available', () => {
    expect(orderCandidates([box('a', { available: false })], { strategy: 'least_busy', affinityKey: 'k', turn: 0 })).toEqual([]);
  });
});
