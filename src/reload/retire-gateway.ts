/**
 * Retiring a gateway that no longer gets new requests, after a reload or at shutdown: its
 * open responses are let finish within a time limit, those still running then get a final
 * error frame (a stream) or a 503 (no answer yet) instead of a cut, and it is stopped:
 * health checks end, upstream pools close, its state store is given back.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { shuttingDown } from '../../core/gateway-error.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { errorFrame } from '../streaming/sse-writer.js';

/** How often a drain looks whether the last response closed. */
const drainPollMs = 50;

/** Resolves true once the gateway has no open response, false when `timeoutMs` passed first. */
export async function drainResponses(gateway: Gateway, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  // A request handed to the gateway just before it was replaced registers on the next turn.
  await nextTurn();
  while (gateway.openResponses.size > 0) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(drainPollMs, left));
  }
  return true;
}

/** Streams still running when time is up get a final error frame instead of a cut. */
export function endOpenResponses(gateway: Gateway): void {
  const error = shuttingDown();
  for (const res of gateway.openResponses) {
    contextOf(res).abort.abort(error);
    if (res.writableEnded) continue;
    if (res.headersSent && String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) res.end(errorFrame(error));
    else if (!res.headersSent) {
      res.setHeader('retry-after', '1');
      res.status(error.status).json(error.toJSON());
    }
  }
}

/** Drains, ends what is left, stops. Resolves true when every response finished by itself. */
export async function retireGateway(gateway: Gateway, timeoutMs: number): Promise<boolean> {
  const drained = await drainResponses(gateway, timeoutMs);
  if (!drained) endOpenResponses(gateway);
  await gateway.stop();
  return drained;
}
