/**
 * The retry loop: sends one client request to the connections that serve its model, in
 * the router's order, each within its concurrency limit and breakers, moving on to the
 * next when an attempt failed before any byte reached the client and may be retried.
 */
import type { Response } from 'express';
import { isGatewayError, type GatewayError } from '../../core/gateway-error.js';
import { allowedModelsOf, priorityOf } from '../edge/authenticate.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { recordOutcome, type AttemptOutcome } from '../serving/attempt-outcome.js';
import { startWaitingNotices, type WaitingNotices } from '../serving/waiting-notices.js';
import type { PriorityClass } from '../upstream/concurrency-limiter.js';
import { finalFailure, internalError } from '../upstream/upstream-failure.js';
import type { Candidate } from './model-catalog.js';
import type { RoutedCandidate } from './model-router.js';

export type JsonBody = Record<string, unknown> & { model: string };

/** Serves the request on one candidate; resolves with how that attempt ended. */
export type ServeAttempt = (candidate: Candidate, mayRetry: boolean) => Promise<AttemptOutcome>;

export interface DispatchOptions {
  /** The answer is OpenAI SSE: a stream still waiting gets waiting notices. */
  notices?: boolean;
  /** Hears the connection each attempt goes to (hooks' `ctx.connection`). */
  onConnection?(name: string): void;
}

/** A candidate passed over without an attempt: its breaker is open, or its queue refused (with that error). */
interface Skipped {
  kind: 'skipped';
  error?: GatewayError;
}

/** Takes both breakers of a candidate (the box's and the model's), or neither. */
function tryAcquireBreakers(candidate: Candidate): boolean {
  const { connection, upstreamModel } = candidate;
  if (!connection.breaker.tryAcquire()) return false;
  if (connection.breakerFor(upstreamModel).tryAcquire()) return true;
  connection.breaker.releaseProbe();
  return false;
}

async function attempt(serve: ServeAttempt, candidate: Candidate, mayRetry: boolean): Promise<AttemptOutcome> {
  try {
    return await serve(candidate, mayRetry);
  } catch (error) {
    // Serving resolves with an outcome; a throw is a request refused before it was sent (a 400) or a fault of ours.
    return { kind: 'failed', error: isGatewayError(error) ? error : internalError(error), started: false, scope: 'model' };
  }
}

/** One attempt on one candidate: a slot in its queue (by class), its breakers, then serving, recorded. */
async function attemptOn(
  gateway: Gateway,
  res: Response,
  serve: ServeAttempt,
  candidate: RoutedCandidate,
  mayRetry: boolean,
  priority: PriorityClass,
  notices: WaitingNotices | undefined,
): Promise<AttemptOutcome | Skipped> {
  const context = contextOf(res);
  const { connection } = candidate;
  let release: () => void;
  try {
    const ticket = connection.limiter.issueTicket(context.abort.signal, priority);
    if (notices) notices.describe = () => (ticket.position() > 0 ? `queued ${ticket.position()}` : notices.phase);
    release = await ticket.granted;
  } catch (error) {
    if (!isGatewayError(error)) return { kind: 'client_gone' }; // the client went away while waiting
    return { kind: 'skipped', error };
  }
  if (!tryAcquireBreakers(candidate)) {
    release();
    return { kind: 'skipped' };
  }
  context.connection = connection.name;
  context.routingReason = candidate.reason;
  gateway.metrics.routingDecisions.inc({ model: context.model, connection: connection.name, reason: candidate.reason });
  gateway.metrics.inflight.inc({ connection: connection.name });
  let outcome: AttemptOutcome;
  try {
    outcome = await attempt(serve, candidate, mayRetry);
  } finally {
    gateway.metrics.inflight.dec({ connection: connection.name });
    release();
  }
  recordOutcome(gateway, candidate, outcome, context);
  return outcome;
}

function startNotices(gateway: Gateway, res: Response, first: RoutedCandidate | undefined): WaitingNotices | undefined {
  const { stream_keepalive_ms: intervalMs, status_events } = gateway.config.routing;
  if (intervalMs <= 0) return undefined;
  const statusEvents = first?.routing?.status_events ?? status_events;
  const notices = startWaitingNotices(res, contextOf(res), { intervalMs, statusEvents }, () => notices.phase);
  return notices;
}

export async function dispatch(gateway: Gateway, res: Response, route: string, body: JsonBody, serve: ServeAttempt, options: DispatchOptions = {}): Promise<void> {
  const context = contextOf(res);
  context.route = route;
  context.stream = body.stream === true;
  let candidates: RoutedCandidate[];
  try {
    candidates = await gateway.router.route(body.model, allowedModelsOf(res), { body, headers: res.req.headers });
  } catch (error) {
    // A model that exists but is served by no connection that is up still counts under its id.
    if (isGatewayError(error) && error.code === 'no_upstream_available') context.model = body.model;
    throw error;
  }
  context.model = body.model;
  const priority = priorityOf(res.req, res);
  const notices = context.stream && options.notices ? startNotices(gateway, res, candidates[0]) : undefined;
  let lastError: GatewayError | undefined;
  try {
    for (const [index, candidate] of candidates.entries()) {
      if (context.abort.signal.aborted) return;
      const mayRetry = index < candidates.length - 1;
      options.onConnection?.(candidate.connection.name);
      const outcome = await attemptOn(gateway, res, serve, candidate, mayRetry, priority, notices);
      if (outcome.kind === 'skipped') {
        lastError = outcome.error ?? lastError;
        continue;
      }
      if (outcome.kind !== 'failed') return;
      const { error, started } = outcome;
      if (started) return; // the exchange ended the stream with an error event
      if (!error.retryable) throw error;
      lastError = error;
      if (notices) notices.phase = 'retrying on another connection';
      if (mayRetry) gateway.logger.warn({ request_id: context.id, connection: candidate.connection.name, error: error.message }, 'upstream attempt failed; trying the next connection');
    }
  } finally {
    notices?.stop();
  }
  throw finalFailure(body.model, lastError);
}
