/**
 * Strategy `priority`: connections with a lower `priority` first (the office's own boxes
 * before a rented GPU, say). The next tier is used only when every available connection of
 * the lower tiers is saturated or asked to be left alone; when every tier is saturated the
 * request waits in the lowest tier's queue. Within a tier, the order of `least_busy`:
 * loaded first, then the least loaded.
 */
import { isSaturated, measureLoad, rankInOrder, sortByKeys, warmthOf, type RankedCandidate, type RoutingCandidate } from './routing-candidate.js';

export function orderByPriority<T extends RoutingCandidate>(candidates: readonly T[], turn: number): Array<RankedCandidate<T>> {
  const usable = candidates.filter((candidate) => candidate.available);
  const loadOf = measureLoad(usable);
  const ordered = sortByKeys(usable, turn, (candidate) => [
    candidate.busy ? 1 : 0,
    isSaturated(candidate) ? 1 : 0,
    candidate.priority,
    warmthOf(candidate),
    loadOf(candidate),
  ]);
  const first = ordered[0];
  if (!first) return [];
  // Down boxes count here: a request sent past a tier that is down has spilled.
  const lowestTier = Math.min(...candidates.map((candidate) => candidate.priority));
  return rankInOrder(ordered, first.priority > lowestTier ? 'spill' : 'priority');
}
