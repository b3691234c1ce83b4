import { describe, expect, it } from 'vitest';
import { orderByPriority } from '../../../../src/routing/strategies/order-by-priority.js';
import type { RoutingCandidate } from '../../../../src/routing/strategies/routing-candidate.js';
import { buildCandidate as box, describeOrder } from './build-candidate.js';

const saturated = { inFlight: 4, maxConcurrency: 4 };

describe('orderByPriority', () => {
  it.each([
    ['the lower tier first even when it is busier', [box('cloud', { priority: 1, maxConcurrency: 4 }), box('office', { inFlight: 3, maxConcurrency: 4 })], ['office:priority', 'cloud:failover']],
    ['the next tier when the lower one is saturated', [box('office', saturated), box('cloud', { priority: 1, maxConcurrency: 4 })], ['cloud:spill', 'office:failover']],
    ['the next tier when the lower one is down', [box('office', { available: false }), box('cloud', { priority: 1 })], ['cloud:spill']],
    ['the next tier when the lower one asked to be left alone', [box('office', { busy: true }), box('cloud', { priority: 1 })], ['cloud:spill', 'office:failover']],
    ['one tier up at a time', [box('a', saturated), box('c', { priority: 2 }), box('b', { priority: 1 })], ['b:spill', 'c:failover', 'a:failover']],
    ['the lowest tier when every tier is saturated', [box('cloud', { ...saturated, priority: 1 }), box('office', saturated)], ['office:priority', 'cloud:failover']],
    ['a tier spills only when every box of it is saturated', [box('a', saturated), box('b', { inFlight: 3, maxConcurrency: 4 }), box('cloud', { priority: 1, maxConcurrency: 4 })], ['b:priority', 'cloud:failover', 'a:failover']],
    ['within a tier, loaded before cold', [box('a', { loaded: false }), box('b', { inFlight: 2 }), box('cloud', { priority: 1 })], ['b:priority', 'a:failover', 'cloud:failover']],
    ['within a tier, the least loaded', [box('a', { inFlight: 2 }), box('b', { inFlight: 1 })], ['b:priority', 'a:failover']],
    ['negative tiers before tier 0', [box('a'), box('b', { priority: -1 })], ['b:priority', 'a:failover']],
  ] satisfies Array<[string, RoutingCandidate[], string[]]>)('%s', (_, candidates, order) => {
    expect(describeOrder(orderByPriority(candidates, 0))).toEqual(order);
  });

  it('takes turns among equal boxes of a tier', () => {
    const candidates = [box('a'), box('b'), box('cloud', { priority: 1 })];
    expect([0, 1, 2].map((turn) => orderByPriority(candidates, turn)[0]?.candidate.key)).toEqual(['a', 'b', 'a']);
  });
});
