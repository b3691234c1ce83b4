/**
 * The order in which the connections serving one request are tried, with the reason for
 * each: the strategy's order, led by the affinity pick when the request has an affinity
 * key and a connection may take it. The first entry is the routing decision; the rest are
 * the retry order (reason `failover`).
 */
import type { RoutingStrategy } from '../../../config/routing-schema.js';
import { defaultLoadBound, pickByAffinity } from './consistent-hash.js';
import { orderByPriority } from './order-by-priority.js';
import { orderLeastBusy } from './order-least-busy.js';
import { orderRoundRobin } from './order-round-robin.js';
import type { RankedCandidate, RoutingCandidate, RoutingStrategyOrder } from './routing-candidate.js';

export interface RoutingChoice {
  strategy: RoutingStrategy;
  /** From `readAffinityKey`; undefined routes without affinity. */
  affinityKey?: string | undefined;
  /** Counted up by the caller for each request of a model: rotates ties between equal candidates. */
  turn: number;
  /** ε of the affinity load bound (default 0.25). */
  loadBound?: number;
}

const strategies: Record<RoutingStrategy, RoutingStrategyOrder> = {
  least_busy: orderLeastBusy,
  round_robin: orderRoundRobin,
  priority: orderByPriority,
};

/** Empty when no candidate is available: the caller answers 503. */
export function orderCandidates<T extends RoutingCandidate>(candidates: readonly T[], choice: RoutingChoice): Array<RankedCandidate<T>> {
  const ordered = strategies[choice.strategy](candidates, choice.turn);
  const first = ordered[0];
  if (choice.affinityKey === undefined || !first) return ordered;
  // With tiers, affinity chooses within the tier the strategy would use, never above it.
  const pool = choice.strategy === 'priority' ? candidates.filter((candidate) => candidate.priority === first.candidate.priority) : candidates;
  const pick = pickByAffinity(pool, choice.affinityKey, choice.loadBound ?? defaultLoadBound);
  if (!pick) return ordered;
  return [
    { candidate: pick, reason: 'affinity' },
    ...ordered.filter(({ candidate }) => candidate !== pick).map(({ candidate }) => ({ candidate, reason: 'failover' as const })),
  ];
}
