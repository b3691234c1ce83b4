/**
 * The rolling statistics of one gateway, found from its metrics object: the request log
 * (`recordCompletion`) holds the metrics but not the gateway, and each gateway in a
 * process (tests run several) has its own metrics and so its own window.
 */
import { RollingModelStats } from './rolling-model-stats.js';

const statsByOwner = new WeakMap<object, RollingModelStats>();

/** The statistics kept for `owner` (a gateway's metrics), made on first use. */
export function rollingStatsOf(owner: object): RollingModelStats {
  let stats = statsByOwner.get(owner);
  if (!stats) {
    stats = new RollingModelStats();
    statsByOwner.set(owner, stats);
  }
  return stats;
}
