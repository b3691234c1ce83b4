import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter } from '../../src/upstream/concurrency-limiter.js';
import { GatewayError } from '../../core/gateway-error.js';

const never = new AbortController().signal;

afterEach(() => {
  vi.useRealTimers();
});

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('ConcurrencyLimiter', () => {
  it('grants up to max_concurrency slots at once', async () => {
    const limiter = new ConcurrencyLimiter(2, 0, 1000, 'local');
    await limiter.acquire(never);
    await limiter.acquire(never);
    expect(limiter.inUse).toBe(2);
  });

  it('never limits when max_concurrency is 0', async () => {
    const limiter = new ConcurrencyLimiter(0, 0, 1000, 'local');
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire(never)));
    expect(limiter.inUse).toBe(100);
  });

  it('answers 429 with Retry-After at once when the queue is full', async () => {
    const limiter = new ConcurrencyLimiter(1, 0, 5000, 'local');
    await limiter.acquire(never);
    const error = await rejectionOf(limiter.acquire(never));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryAfter: 5 });
  });

  it('answers 429 with Retry-After when a queued request waits longer than queue_timeout_ms', async () => {
    vi.useFakeTimers();
    const limiter = new ConcurrencyLimiter(1, 1, 2000, 'local');
    await limiter.acquire(never);
    const waiting = rejectionOf(limiter.acquire(never));
    await vi.advanceTimersByTimeAsync(2000);
    expect(await waiting).toMatchObject({ status: 429, retryAfter: 2 });
    expect(limiter.queued).toBe(0);
  });

  it('hands a released slot to the oldest waiter', async () => {
    const limiter = new ConcurrencyLimiter(1, 2, 5000, 'local');
    const release = await limiter.acquire(never);
    const order: string[] = [];
    const first = limiter.acquire(never).then((next) => {
      order.push('first');
      return next;
    });
    const second = limiter.acquire(never).then(() => order.push('second'));
    release();
    (await first)();
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(limiter.inUse).toBe(1);
  });

  it('frees the slot only once however often release is called', async () => {
    const limiter = new ConcurrencyLimiter(2, 0, 1000, 'local');
    const release = await limiter.acquire(never);
    await limiter.acquire(never);
    release();
    release();
    expect(limiter.inUse).toBe(1);
  });

  it('leaves the queue when the client goes away while waiting', async () => {
    const limiter = new ConcurrencyLimiter(1, 1, 5000, 'local');
    const release = await limiter.acquire(never);
    const client = new AbortController();
    const waiting = rejectionOf(limiter.acquire(client.signal));
    client.abort(new Error('client closed the connection'));
    expect(await waiting).toMatchObject({ message: 'client closed the connection' });
    expect(limiter.queued).toBe(0);
    release();
    expect(limiter.inUse).toBe(0);
  });

  it('refuses at once a request whose client is already gone, instead of queueing it', async () => {
    const limiter = new ConcurrencyLimiter(1, 1, 5000, 'local');
    await limiter.acquire(never);
    const client = new AbortController();
    client.abort(new Error('gone'));
    expect(await rejectionOf(limiter.acquire(client.signal))).toMatchObject({ message: 'gone' });
    expect(limiter.queued).toBe(0);
  });

  it('clears its queue timer once a waiter is served', async () => {
    vi.useFakeTimers();
    const limiter = new ConcurrencyLimiter(1, 1, 2000, 'local');
    const release = await limiter.acquire(never);
    const waiting = limiter.acquire(never);
    release();
    await waiting;
    expect(vi.getTimerCount()).toBe(0);
  });
});
