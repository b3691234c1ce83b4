/**
 * Strategy `round_robin`: the available connections in turn, a different one first for
 * each request, blind to load and to which models are loaded. Connections that asked to
 * be left alone come last.
 */
import { rankInOrder, sortByKeys, type RankedCandidate, type RoutingCandidate } from './routing-candidate.js';

export function orderRoundRobin<T extends RoutingCandidate>(candidates: readonly T[], turn: number): Array<RankedCandidate<T>> {
  const usable = candidates.filter((candidate) => candidate.available);
  return rankInOrder(
    sortByKeys(usable, turn, (candidate) => [candidate.busy ? 1 : 0]),
    'round_robin',
  );
}
