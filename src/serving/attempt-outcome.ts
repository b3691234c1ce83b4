/**
 * How one attempt on one connection ended, as one value, and the one function that records
 * it into the breakers, the metrics and the log, so the three never disagree.
 */
import type { GatewayError } from '../../core/gateway-error.js';
import type { Gateway } from '../gateway.js';
import type { RequestContext } from '../observability/request-context.js';
import type { Candidate } from '../routing/model-catalog.js';

/**
 * Which breaker a failure counts against. A refused or reset connection, or one that sent
 * no header in time, is the box's fault; an error or garbage answer is the model's (a
 * broken template or an out-of-memory runner must not take the box's other models down).
 */
export type FailureScope = 'connection' | 'model';

export type AttemptOutcome =
  /** The upstream's answer reached the client whole, whatever its status (passthrough hands errors on). */
  | { kind: 'answered'; status: number; retryAfterSeconds?: number }
  /** Nothing usable came back; `started` says whether bytes had reached the client already. */
  | { kind: 'failed'; error: GatewayError; started: boolean; scope: FailureScope }
  /** The client went away first: it says nothing about the upstream. */
  | { kind: 'client_gone' };

/** The upstream asked to be left alone for a while (429 or 503 before any byte). */
export function isBusyRefusal(status: number): boolean {
  return status === 429 || status === 503;
}

export function recordOutcome(gateway: Gateway, candidate: Candidate, outcome: AttemptOutcome, context: RequestContext): void {
  const { connection, upstreamModel } = candidate;
  const modelBreaker = connection.breakerFor(upstreamModel);
  switch (outcome.kind) {
    case 'client_gone':
      connection.breaker.releaseProbe();
      modelBreaker.releaseProbe();
      return;
    case 'answered': {
      const { status } = outcome;
      connection.breaker.recordSuccess();
      if (isBusyRefusal(status)) connection.markBusy(outcome.retryAfterSeconds ?? 1);
      if (status >= 500) {
        gateway.metrics.countUpstreamError(connection.name, 'http_5xx');
        if (isBusyRefusal(status)) modelBreaker.releaseProbe();
        else modelBreaker.recordFailure();
      } else {
        if (status >= 400) gateway.metrics.countUpstreamError(connection.name, 'http_4xx');
        modelBreaker.recordSuccess();
      }
      return;
    }
    case 'failed': {
      const { error, scope } = outcome;
      const reason = error.upstreamReason;
      if (!reason) {
        // A 400 from validation or a fault of the gateway's own says nothing about the upstream.
        connection.breaker.releaseProbe();
        modelBreaker.releaseProbe();
        return;
      }
      gateway.metrics.countUpstreamError(connection.name, reason);
      context.errorMessage = error.message;
      if (isBusyRefusal(error.status)) connection.markBusy(error.retryAfter ?? 1);
      if (reason === 'http_4xx' || isBusyRefusal(error.status)) {
        connection.breaker.recordSuccess();
        modelBreaker.releaseProbe();
      } else if (scope === 'connection') {
        connection.breaker.recordFailure();
        modelBreaker.releaseProbe();
      } else {
        connection.breaker.recordSuccess();
        modelBreaker.recordFailure();
      }
    }
  }
}
