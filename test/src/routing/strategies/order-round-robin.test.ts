import { describe, expect, it } from 'vitest';
import { orderRoundRobin } from '../../../../src/routing/strategies/order-round-robin.js';
import { buildCandidate as box, describeOrder } from './build-candidate.js';

describe('orderRoundRobin', () => {
  it.each([
    [0, ['a:round_robin', 'b:failover', 'c:failover']],
    [1, ['b:round_robin', 'c:failover', 'a:failover']],
    [2, ['c:round_robin', 'a:failover', 'b:failover']],
    [3, ['a:round_robin', 'b:failover', 'c:failover']],
  ])('starts at a different box on turn %i', (turn, order) => {
    expect(describeOrder(orderRoundRobin([box('a'), box('b'), box('c')], turn))).toEqual(order);
  });

  it('ignores load and loaded models, as before fleet routing', () => {
    const candidates = [box('a', { inFlight: 9, loaded: false }), box('b')];
    expect(describeOrder(orderRoundRobin(candidates, 0))).toEqual(['a:round_robin', 'b:failover']);
  });

  it('rotates among the available boxes only', () => {
    const candidates = [box('a'), box('b', { available: false }), box('c')];
    expect(describeOrder(orderRoundRobin(candidates, 1))).toEqual(['c:round_robin', 'a:failover']);
  });

  it('puts a box that asked to be left alone last', () => {
    const candidates = [box('a', { busy: true }), box('b'), box('c')];
    expect(describeOrder(orderRoundRobin(candidates, 0))).toEqual(['b:round_robin', 'c:failover', 'a:failover']);
  });
});
