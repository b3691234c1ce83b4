/**
 * The retry loop: sends one client request to the connections that serve its model, in
 * the router's order, each within its concurrency limit and breakers, moving on to the
 * next when an attempt failed before any byte reached the client and may be retried.
 */
import type { Response } from 'express';
import { isGatewayError, type GatewayError } from '../../core/gateway-error.js';
import { allowedModelsOf } from '../edge/authenticate.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { recordOutcome, type AttemptOutcome } from '../serving/attempt-outcome.js';
import { finalFailure, internalError } from '../upstream/upstream-failure.js';
import type { Candidate } from './model-catalog.js';

export type JsonBody = Record<string, unknown> & { model: string };

/** Serves the request on one candidate; resolves with how that attempt ended. */
export type ServeAttempt = (candidate: Candidate, mayRetry: boolean) => Promise<AttemptOutcome>;

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

export async function dispatch(gateway: Gateway, res: Response, route: string, body: JsonBody, serve: ServeAttempt): Promise<void> {
  const context = contextOf(res);
  context.route = route;
  context.stream = body.stream === true;
  let candidates: Candidate[];
  try {
    candidates = await gateway.router.route(body.model, allowedModelsOf(res));
  } catch (error) {
    // A model that exists but is served by no connection that is up still counts under its id.
    if (isGatewayError(error) && error.code === 'no_upstream_available') context.model = body.model;
    throw error;
  }
  context.model = body.model;
  let lastError: GatewayError | undefined;
  for (const [index, candidate] of candidates.entries()) {
    if (context.abort.signal.aborted) return;
    const { connection } = candidate;
    let release: () => void;
    try {
      release = await connection.limiter.acquire(context.abort.signal);
    } catch (error) {
      if (!isGatewayError(error)) return; // the client went away while waiting
      lastError = error;
      continue;
    }
    if (!tryAcquireBreakers(candidate)) {
      release();
      continue;
    }
    context.connection = connection.name;
    gateway.metrics.inflight.inc({ connection: connection.name });
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(serve, candidate, index < candidates.length - 1);
    } finally {
      gateway.metrics.inflight.dec({ connection: connection.name });
      release();
    }
    recordOutcome(gateway, candidate, outcome, context);
    if (outcome.kind !== 'failed') return;
    const { error, started } = outcome;
    if (started) return; // the exchange ended the stream with an error event
    if (!error.retryable) throw error;
    lastError = error;
    if (index < candidates.length - 1) {
      gateway.logger.warn({ request_id: context.id, connection: connection.name, error: error.message }, 'upstream attempt failed; trying the next connection');
    }
  }
  throw finalFailure(body.model, lastError);
}
