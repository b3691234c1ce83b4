/** The rate-limit arithmetic the memory and sqlite stores run (and the Redis script mirrors). */
import { describe, expect, it } from 'vitest';
import { takeToken, type TokenBucket } from '../../../src/state/token-bucket.js';

/** Takes tokens at the given times (ms) from one bucket; returns what each take decided. */
function takeAt(limitPerMinute: number, times: number[], start?: TokenBucket) {
  let bucket = start;
  return times.map((now) => {
    const result = takeToken(bucket, limitPerMinute, now);
    bucket = result.bucket;
    return result.decision;
  });
}

describe('takeToken', () => {
  it('starts full: allows a burst of the whole limit at once', () => {
    const decisions = takeAt(3, [0, 0, 0, 0]);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
  });

  it.each([
    // limit, ms after emptying, allowed, retryAfterSeconds
    [60, 999, false, 1],
    [60, 1000, true, 0],
    [6, 5000, false, 5],
    [6, 10_000, true, 0],
    [1, 30_000, false, 30],
    [1, 60_000, true, 0],
  ])('refills %i a minute: %i ms after emptying is allowed=%s, retry after %i s', (limit, elapsed, allowed, retryAfterSeconds) => {
    const empty = { tokens: 0, updatedAt: 0 };
    expect(takeAt(limit, [elapsed], empty)[0]).toMatchObject({ allowed, retryAfterSeconds });
  });

  it('waits at least a second, however close the next token is', () => {
    expect(takeAt(60, [999.9], { tokens: 0, updatedAt: 0 })[0]!.retryAfterSeconds).toBe(1);
  });

  it('never fills beyond the limit, however long the bucket sat unused', () => {
    expect(takeAt(2, [3_600_000], { tokens: 0, updatedAt: 0 })[0]!.remaining).toBe(1);
  });

  it('trims a bucket filled under a larger limit to the new one', () => {
    expect(takeAt(2, [0], { tokens: 50, updatedAt: 0 })[0]!.remaining).toBe(1);
  });

  it('adds nothing when the clock goes back, nor when it catches up again', () => {
    const decisions = takeAt(60, [-5000, 0, 500], { tokens: 0, updatedAt: 0 });
    expect(decisions.map((decision) => decision.allowed)).toEqual([false, false, false]);
  });
});
