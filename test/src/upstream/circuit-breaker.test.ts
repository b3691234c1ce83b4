/**
 * CircuitBreaker, on an injected clock: open after `failure_threshold` failures in a row,
 * skipped for `cooldown_ms`, then one probe that closes or reopens it.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/upstream/circuit-breaker.js';

function breakerAt(threshold: number, cooldownMs: number) {
  const clock = { now: 1_000 };
  return { clock, breaker: new CircuitBreaker(threshold, cooldownMs, () => clock.now) };
}

describe('CircuitBreaker', () => {
  it('stays closed below failure_threshold consecutive failures', () => {
    const { breaker } = breakerAt(3, 1000);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after failure_threshold consecutive failures and refuses requests', () => {
    const { breaker } = breakerAt(3, 1000);
    for (let index = 0; index < 3; index += 1) breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('counts only consecutive failures: a success in between resets the count', () => {
    const { breaker } = breakerAt(2, 1000);
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through once cooldown_ms has passed', () => {
    const { breaker, clock } = breakerAt(1, 1000);
    breaker.recordFailure();
    clock.now += 1000;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { breaker, clock } = breakerAt(1, 1000);
    breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens for another cooldown when the probe fails', () => {
    const { breaker, clock } = breakerAt(1, 1000);
    breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.now += 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('hands the probe slot back, still half-open, when the probe says nothing about the upstream', () => {
    const { breaker, clock } = breakerAt(1, 1000);
    breaker.recordFailure();
    clock.now += 1000;
    breaker.tryAcquire();
    breaker.releaseProbe();
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('gives a Retry-After of the seconds left in the cooldown, at least 1', () => {
    const { breaker, clock } = breakerAt(1, 30_000);
    breaker.recordFailure();
    expect(breaker.retryAfterSeconds).toBe(30);
    clock.now += 29_900;
    expect(breaker.retryAfterSeconds).toBe(1);
  });
});
