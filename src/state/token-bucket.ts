/**
 * The rate-limit arithmetic every store shares: a token bucket holding `limitPerMinute`
 * tokens, refilled evenly (one every 60/limit seconds), one token per request. A full
 * bucket allows a burst of `limitPerMinute`, then one request per refill. The Redis store
 * runs the same steps in Lua (redis-token-script.ts); keep the two in step.
 */
import type { RateDecision } from './state-store.js';

export interface TokenBucket {
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  updatedAt: number;
}

/**
 * How long a bucket takes to refill completely: an unused bucket older than this is the
 * same as none, so stores may forget it.
 */
export const bucketIdleMs = 60_000;

export const unlimited: RateDecision = { allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };

/** Refills `bucket` (a new one is full) up to `now` and takes a token if there is one. */
export function takeToken(
  bucket: TokenBucket | undefined,
  limitPerMinute: number,
  now: number,
): { bucket: TokenBucket; decision: RateDecision } {
  const perMs = limitPerMinute / 60_000;
  // A clock that went back refills nothing, and the time already counted is not counted again.
  const updatedAt = bucket === undefined ? now : Math.max(now, bucket.updatedAt);
  const elapsed = bucket === undefined ? 0 : updatedAt - bucket.updatedAt;
  // min() also trims a bucket filled under a larger limit before a configuration reload.
  let tokens = Math.min(limitPerMinute, (bucket?.tokens ?? limitPerMinute) + elapsed * perMs);
  if (tokens >= 1) {
    tokens -= 1;
    return { bucket: { tokens, updatedAt }, decision: { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens) } };
  }
  const waitMs = (1 - tokens) / perMs;
  return { bucket: { tokens, updatedAt }, decision: refused(waitMs) };
}

/** A refusal; the wait is rounded up to whole seconds, at least 1, as Retry-After wants. */
export function refused(waitMs: number): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), remaining: 0 };
}
