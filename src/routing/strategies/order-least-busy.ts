/**
 * Strategy `least_busy`: where the model is loaded first, and among those the least
 * loaded relative to capacity (in flight, queued here and waiting upstream). A connection
 * where the model is not loaded comes first only when every one where it is loaded is
 * saturated or down, since a cold load costs seconds to minutes. Connections that asked
 * to be left alone come last. Equal candidates take turns, so an idle fleet does not pile
 * onto its first box.
 */
import { isSaturated, measureLoad, rankInOrder, sortByKeys, warmthOf, type RankedCandidate, type RoutingCandidate, type RoutingReason } from './routing-candidate.js';

export function orderLeastBusy<T extends RoutingCandidate>(candidates: readonly T[], turn: number): Array<RankedCandidate<T>> {
  const usable = candidates.filter((candidate) => candidate.available);
  const loadOf = measureLoad(usable);
  const ordered = sortByKeys(usable, turn, (candidate) => [candidate.busy ? 1 : 0, isSaturated(candidate) ? 1 : 0, warmthOf(candidate), loadOf(candidate)]);
  const first = ordered[0];
  return first ? rankInOrder(ordered, leastBusyReason(first, usable)) : [];
}

/**
 * `cold` when the model must be loaded first; `loaded` when being loaded is what set the
 * first apart from another candidate; `least_busy` when the load did.
 */
export function leastBusyReason(first: RoutingCandidate, usable: readonly RoutingCandidate[]): RoutingReason {
  if (first.loaded === false) return 'cold';
  if (first.loaded === true && usable.some((candidate) => candidate.loaded !== true)) return 'loaded';
  return 'least_busy';
}
