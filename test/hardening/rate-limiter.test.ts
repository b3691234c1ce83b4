import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/edge/rate-limiter.js';

function limiterAt() {
  const clock = { now: 0 };
  return { clock, limiter: new RateLimiter(() => clock.now) };
}

describe('RateLimiter', () => {
  it('allows requests_per_minute requests in a burst, then asks to wait', () => {
    const { limiter } = limiterAt();
    for (let index = 0; index < 3; index += 1) expect(limiter.take('key-0', 3)).toBe(0);
    expect(limiter.take('key-0', 3)).toBeGreaterThan(0);
  });

  it('gives the seconds until the next token as Retry-After', () => {
    const { limiter } = limiterAt();
    limiter.take('key-0', 2);
    limiter.take('key-0', 2);
    expect(limiter.take('key-0', 2)).toBe(30);
  });

  it('refills evenly over the minute', () => {
    const { limiter, clock } = limiterAt();
    limiter.take('key-0', 60);
    for (let index = 0; index < 59; index += 1) limiter.take('key-0', 60);
    expect(limiter.take('key-0', 60)).toBe(1);
    clock.now += 1000;
    expect(limiter.take('key-0', 60)).toBe(0);
  });

  it('keeps one bucket per client', () => {
    const { limiter } = limiterAt();
    limiter.take('key-0', 1);
    expect(limiter.take('key-0', 1)).toBeGreaterThan(0);
    expect(limiter.take('key-1', 1)).toBe(0);
  });

  it('never limits when requests_per_minute is 0', () => {
    const { limiter } = limiterAt();
    for (let index = 0; index < 1000; index += 1) expect(limiter.take('key-0', 0)).toBe(0);
  });
});
