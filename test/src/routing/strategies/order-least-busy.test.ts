import { describe, expect, it } from 'vitest';
import { orderLeastBusy } from '../../../../src/routing/strategies/order-least-busy.js';
import type { RoutingCandidate } from '../../../../src/routing/strategies/routing-candidate.js';
import { buildCandidate as box, describeOrder } from './build-candidate.js';

describe('orderLeastBusy', () => {
  it.each([
    ['a box with the model loaded wins over an idle cold one', [box('a', { loaded: false }), box('b', { inFlight: 2, maxConcurrency: 4 })], ['b:loaded', 'a:failover']],
    ['load spreads by capacity: 4 of 8 before 3 of 4', [box('a', { inFlight: 3, maxConcurrency: 4 }), box('b', { inFlight: 4, maxConcurrency: 8 })], ['b:least_busy', 'a:failover']],
    ['an idle box with more room before an idle box with less', [box('a', { maxConcurrency: 1 }), box('b', { maxConcurrency: 4 })], ['b:least_busy', 'a:failover']],
    ['the requests the upstream reports waiting count', [box('a', { waiting: 5 }), box('b', { inFlight: 1 })], ['b:least_busy', 'a:failover']],
    ["this gateway's own queue counts", [box('a', { inFlight: 1, queued: 3 }), box('b', { inFlight: 2 })], ['b:least_busy', 'a:failover']],
    ['a cold box when every loaded one is saturated', [box('a', { inFlight: 4, maxConcurrency: 4 }), box('b', { loaded: false, maxConcurrency: 4 })], ['b:cold', 'a:failover']],
    ['a cold box when every loaded one is down', [box('a', { available: false }), box('b', { loaded: false })], ['b:cold']],
    ['a loaded box, saturated or not, before a cold one that is saturated too', [box('a', { loaded: false, inFlight: 1, maxConcurrency: 1 }), box('b', { inFlight: 3, maxConcurrency: 2 })], ['b:loaded', 'a:failover']],
    ['unknown before known cold', [box('a', { loaded: false }), box('b', { loaded: undefined })], ['b:least_busy', 'a:failover']],
    ['known loaded before unknown', [box('a', { loaded: undefined }), box('b', { inFlight: 1 })], ['b:loaded', 'a:failover']],
    ['when all are saturated, the least loaded relative to capacity first', [box('a', { inFlight: 4, maxConcurrency: 4, queued: 3 }), box('b', { inFlight: 2, maxConcurrency: 2 })], ['b:least_busy', 'a:failover']],
    ['plain counts when a connection is unlimited', [box('a', { inFlight: 3, maxConcurrency: 8 }), box('b', { inFlight: 2 })], ['b:least_busy', 'a:failover']],
    ['a box that asked to be left alone comes last', [box('a', { busy: true }), box('b', { inFlight: 3 })], ['b:least_busy', 'a:failover']],
    ['unavailable boxes are left out', [box('a', { available: false }), box('b', { inFlight: 5 })], ['b:least_busy']],
    ['nothing available gives nothing', [box('a', { available: false })], []],
  ] satisfies Array<[string, RoutingCandidate[], string[]]>)('%s', (_, candidates, order) => {
    expect(describeOrder(orderLeastBusy(candidates, 0))).toEqual(order);
  });

  it('takes turns among equal boxes instead of always the first', () => {
    const candidates = [box('a'), box('b'), box('c')];
    const firsts = [0, 1, 2, 3].map((turn) => orderLeastBusy(candidates, turn)[0]?.candidate.key);
    expect(firsts).toEqual(['a', 'b', 'c', 'a']);
  });

  it('spreads a burst evenly over idle boxes of equal capacity', () => {
    const inFlight = new Map([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
    for (let request = 0; request < 30; request += 1) {
      const candidates = [...inFlight].map(([key, count]) => box(key, { inFlight: count, maxConcurrency: 16 }));
      const chosen = orderLeastBusy(candidates, 0)[0]?.candidate.key ?? '';
      inFlight.set(chosen, (inFlight.get(chosen) ?? 0) + 1);
    }
    expect([...inFlight.values()]).toEqual([10, 10, 10]);
  });

  it('keeps the candidates it was given, so the caller can map them back', () => {
    const candidates = [{ ...box('a'), tag: 1 }];
    expect(orderLeastBusy(candidates, 0)[0]?.candidate).toBe(candidates[0]);
  });
});
