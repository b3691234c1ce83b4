/**
 * Turns what connections learn about their upstreams into metrics and log lines: one line
 * per change (a breaker opening or closing, a box seen closing its sockets), never one
 * per request.
 */
import type { Connection, ConnectionObserver } from '../upstream/connection.js';
import type { Logger } from './logger.js';
import type { GatewayMetrics } from './metrics.js';

export function observeConnections(metrics: GatewayMetrics, logger: Logger): ConnectionObserver {
  return {
    staleSocketRetried(connection: Connection) {
      metrics.upstreamRetries.inc({ connection: connection.name, reason: 'stale_socket' });
    },
    breakerChanged(connection, model, state) {
      const scope = model === undefined ? 'connection' : 'model';
      metrics.breakerTransitions.inc({ connection: connection.name, scope, state });
      const fields = { connection: connection.name, ...(model === undefined ? {} : { model }) };
      if (state === 'open') logger.warn(fields, model === undefined ? 'connection breaker opened: skipping the connection' : 'model breaker opened: skipping this model on the connection');
      else logger.info(fields, model === undefined ? 'connection breaker closed' : 'model breaker closed');
    },
    closesAfterStreams(connection) {
      logger.info({ connection: connection.name }, 'upstream closes its socket after streams: streams get a socket of their own from now on');
    },
  };
}
