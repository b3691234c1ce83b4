/**
 * Consistent hashing with bounded load, for affinity: the same key goes to the same
 * connection, on every replica of the gateway, while that connection is available, not
 * saturated and not carrying much more than its share.
 *
 * Rendezvous (highest random weight) hashing: each candidate scores hash(key, connection
 * name) and the highest score wins. It needs no ring and no shared state, it gives the
 * same answer whatever order the candidates come in, and when a connection leaves only
 * the keys it held move. The load bound follows Mirrokni, Thorup and Zadimoghaddam,
 * "Consistent Hashing with Bounded Loads" (2018): a candidate is skipped when taking one
 * more request would put it over (1 + ε) times its share of all requests (its share by
 * `max_concurrency` when every candidate has one, equal shares otherwise).
 */
import { createHash } from 'node:crypto';
import { isSaturated, measureCapacity, pendingOf, warmthOf, type RoutingCandidate } from './routing-candidate.js';

/** ε: how far over its share a connection may go before a key spills to its next choice. */
export const defaultLoadBound = 0.25;

/** The candidate's rendezvous score for `key`: the first 48 bits of SHA-256(key, name). */
export function rendezvousScore(key: string, name: string): number {
  return createHash('sha256').update(key).update('\0').update(name).digest().readUIntBE(0, 6);
}

/**
 * The connection `key` sticks to, or undefined when none may take it (all saturated or
 * over their bound; the caller then falls back to its strategy's order). Chosen among the
 * available connections where the model is loaded; among those where it may be (unknown)
 * when it is loaded nowhere; among all when every one is known cold.
 */
export function pickByAffinity<T extends RoutingCandidate>(candidates: readonly T[], key: string, epsilon = defaultLoadBound): T | undefined {
  const pool = warmestOf(candidates.filter((candidate) => candidate.available && !candidate.busy));
  const fits = withinLoadBound(pool, epsilon);
  let best: { candidate: T; score: number } | undefined;
  for (const candidate of pool) {
    if (isSaturated(candidate) || !fits(candidate)) continue;
    const score = rendezvousScore(key, candidate.key);
    // Equal scores only when one connection serves the model twice: the model name decides, the same everywhere.
    if (!best || score > best.score || (score === best.score && candidate.upstreamModel < best.candidate.upstreamModel)) best = { candidate, score };
  }
  return best?.candidate;
}

function warmestOf<T extends RoutingCandidate>(candidates: readonly T[]): T[] {
  const warmest = Math.min(...candidates.map(warmthOf));
  return candidates.filter((candidate) => warmthOf(candidate) === warmest);
}

/** Whether one more request keeps a candidate within (1 + ε) × its share of the pool's requests. */
function withinLoadBound(pool: readonly RoutingCandidate[], epsilon: number): (candidate: RoutingCandidate) => boolean {
  const capacityOf = measureCapacity(pool);
  const totalCapacity = pool.reduce((sum, candidate) => sum + capacityOf(candidate), 0);
  const total = pool.reduce((sum, candidate) => sum + pendingOf(candidate), 0);
  return (candidate) => pendingOf(candidate) + 1 <= Math.ceil(((1 + epsilon) * (total + 1) * capacityOf(candidate)) / totalCapacity);
}
