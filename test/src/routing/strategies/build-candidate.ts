/** Routing candidates for the strategy tests: an idle, available, loaded connection unless told otherwise. */
import type { RankedCandidate, RoutingCandidate } from '../../../../src/routing/strategies/routing-candidate.js';

export function buildCandidate(key: string, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate {
  return { key, upstreamModel: 'llama3.2:1b', priority: 0, inFlight: 0, maxConcurrency: 0, loaded: true, waiting: 0, available: true, ...overrides };
}

/** An order as "key:reason" strings, easy to read in a table. */
export function describeOrder(ranked: ReadonlyArray<RankedCandidate>): string[] {
  return ranked.map(({ candidate, reason }) => `${candidate.key}:${reason}`);
}
