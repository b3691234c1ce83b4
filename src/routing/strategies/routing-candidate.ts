/**
 * What the routing strategies decide on: plain values per candidate, read by the caller
 * from its connections, limiters and load snapshots, so the strategies are pure and need
 * no connection to test. Also the measures they share: saturation, warmth and load.
 */

export interface RoutingCandidate {
  /** The connection's name: what affinity hashes, identical on every replica. */
  key: string;
  upstreamModel: string;
  /** `connections[].priority`: with strategy `priority`, lower tiers are used first. */
  priority: number;
  /** Requests this gateway has in flight there now (slots in use in its limiter). */
  inFlight: number;
  /** Requests waiting in this gateway's own queue for that connection; 0 when none. */
  queued?: number;
  /** `max_concurrency`; 0 = unlimited, never saturated. */
  maxConcurrency: number;
  /**
   * Whether the model is loaded there, resolved by the caller (`isModelLoaded`): true or
   * false from the upstream's own list, true for servers that always hold their model
   * (vLLM, a plain llama-server), undefined when unknown. Unknown ranks after loaded and
   * before not loaded.
   */
  loaded: boolean | undefined;
  /** Requests the upstream reports waiting (vLLM `num_requests_waiting`, llama-server `requests_deferred`); 0 when unknown. */
  waiting: number;
  /** Not marked down and no breaker open; an unavailable candidate is left out of every order. */
  available: boolean;
  /** The upstream asked to be left alone (429 or 503 with Retry-After): tried only after all others. */
  busy?: boolean;
}

/** Why a candidate is in its place, as `switchyard_routing_decisions_total{reason}` counts it. */
export type RoutingReason = 'loaded' | 'least_busy' | 'affinity' | 'priority' | 'spill' | 'cold' | 'failover' | 'round_robin';

export interface RankedCandidate<T extends RoutingCandidate = RoutingCandidate> {
  candidate: T;
  reason: RoutingReason;
}

/** An order of candidates; `turn` rotates ties (the caller counts it up per model), so equal boxes share the work. */
export type RoutingStrategyOrder = <T extends RoutingCandidate>(candidates: readonly T[], turn: number) => Array<RankedCandidate<T>>;

/** Every slot of the connection's `max_concurrency` is taken: a request sent there waits in its queue. */
export function isSaturated(candidate: RoutingCandidate): boolean {
  return candidate.maxConcurrency > 0 && candidate.inFlight >= candidate.maxConcurrency;
}

/** 0 loaded, 1 unknown, 2 not loaded: the lower the warmer. */
export function warmthOf(candidate: RoutingCandidate): number {
  if (candidate.loaded === true) return 0;
  return candidate.loaded === undefined ? 1 : 2;
}

/** Requests there or bound for there: in flight, queued here, waiting upstream. */
export function pendingOf(candidate: RoutingCandidate): number {
  return candidate.inFlight + (candidate.queued ?? 0) + candidate.waiting;
}

/**
 * Each candidate's capacity among `candidates`: its `max_concurrency` when every one has
 * one, else 1 for all (an unlimited connection has no capacity to compare with).
 */
export function measureCapacity(candidates: readonly RoutingCandidate[]): (candidate: RoutingCandidate) => number {
  const relative = candidates.length > 0 && candidates.every((candidate) => candidate.maxConcurrency > 0);
  return (candidate) => (relative ? candidate.maxConcurrency : 1);
}

/**
 * How loaded each candidate would be with one more request, relative to its capacity
 * (4 of 8 is less loaded than 3 of 4; plain counts when some connection is unlimited).
 * Counting the new request also breaks ties toward room: 0 of 4 beats 0 of 1.
 */
export function measureLoad(candidates: readonly RoutingCandidate[]): (candidate: RoutingCandidate) => number {
  const capacityOf = measureCapacity(candidates);
  return (candidate) => (pendingOf(candidate) + 1) / capacityOf(candidate);
}

/**
 * Sorts by `keysOf` (compared in order, lower first); ties go by position rotated by
 * `turn`, so that among equal candidates a different one comes first each turn.
 */
export function sortByKeys<T>(items: readonly T[], turn: number, keysOf: (item: T) => number[]): T[] {
  const count = items.length;
  const offset = count === 0 ? 0 : ((turn % count) + count) % count;
  return items
    .map((item, index) => ({ item, keys: keysOf(item), tie: (index - offset + count) % count }))
    .sort((left, right) => compareKeys(left.keys, right.keys) || left.tie - right.tie)
    .map(({ item }) => item);
}

function compareKeys(left: number[], right: number[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The first candidate with `reason`, every later one as `failover` (they are the retry order). */
export function rankInOrder<T extends RoutingCandidate>(ordered: readonly T[], reason: RoutingReason): Array<RankedCandidate<T>> {
  return ordered.map((candidate, index) => ({ candidate, reason: index === 0 ? reason : 'failover' }));
}
