/**
 * ConcurrencyLimiter: at most `max_concurrency` requests at once per connection, a bounded wait
 * queue, and a refusal after `queue_timeout_ms` or when the waiter left.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, readPriorityClass, type PriorityClass } from '../../../src/upstream/concurrency-limiter.js';
import { GatewayError } from '../../../core/gateway-error.js';

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

/** Waiters a test leaves in the queue are sent away after it, so no queue timer outlives the test. */
let leftover = new AbortController();
afterEach(() => {
  leftover.abort(new Error('test over'));
  leftover = new AbortController();
});

/** A ticket that may be left waiting: its refusal at the end of the test is expected. */
function waitInQueue(limiter: ConcurrencyLimiter, priority?: PriorityClass) {
  const ticket = limiter.issueTicket(leftover.signal, priority);
  ticket.granted.catch(() => undefined);
  return ticket;
}

/** Queues one waiter per class name on a full limiter and records the order they are served in. */
function queueInOrder(limiter: ConcurrencyLimiter, classes: PriorityClass[]): { served: string[]; all: Promise<void> } {
  const served: string[] = [];
  const all = Promise.all(
    classes.map((priority, index) =>
      limiter.acquire(never, priority).then((release) => {
        served.push(`${priority}-${index}`);
        release();
      }),
    ),
  ).then(() => undefined);
  return { served, all };
}

describe('ConcurrencyLimiter priority classes', () => {
  it('serves waiters by class, high before normal before low, first come first served within a class', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    const release = await limiter.acquire(never);
    const { served, all } = queueInOrder(limiter, ['low', 'normal', 'high', 'low', 'high', 'normal']);
    release();
    await all;
    expect(served).toEqual(['high-2', 'high-4', 'normal-1', 'normal-5', 'low-0', 'low-3']);
  });

  it('queues as normal when no class is given, as existing callers do', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    const release = await limiter.acquire(never);
    const served: string[] = [];
    const low = limiter.acquire(never, 'low').then((next) => {
      served.push('low');
      next();
    });
    const plain = limiter.acquire(never).then((next) => {
      served.push('plain');
      next();
    });
    release();
    await Promise.all([low, plain]);
    expect(served).toEqual(['plain', 'low']);
  });

  it('counts every class against one max_queue', async () => {
    const limiter = new ConcurrencyLimiter(1, 2, 5000, 'local');
    await limiter.acquire(never);
    waitInQueue(limiter, 'low');
    waitInQueue(limiter, 'normal');
    expect(await rejectionOf(limiter.acquire(never, 'high'))).toMatchObject({ status: 429, retryAfter: 5 });
    expect(limiter.queued).toBe(2);
  });
});

describe('ConcurrencyLimiter tickets', () => {
  it('tells a waiting request its place in the queue, 1 being next', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    await limiter.acquire(never);
    const first = waitInQueue(limiter);
    const second = waitInQueue(limiter);
    expect([first.position(), second.position()]).toEqual([1, 2]);
  });

  it('moves a waiter back when a higher class arrives after it', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    await limiter.acquire(never);
    const low = waitInQueue(limiter, 'low');
    waitInQueue(limiter, 'high');
    waitInQueue(limiter, 'normal');
    expect(low.position()).toBe(3);
  });

  it('moves a waiter forward as the ones ahead are served', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    const release = await limiter.acquire(never);
    const ahead = waitInQueue(limiter);
    const behind = waitInQueue(limiter);
    release();
    await ahead.granted;
    expect([ahead.position(), behind.position()]).toEqual([0, 1]);
  });

  it('answers 0 for a ticket granted at once', async () => {
    const ticket = new ConcurrencyLimiter(1, 10, 5000, 'local').issueTicket(never);
    expect(ticket.position()).toBe(0);
    await ticket.granted;
  });

  it('answers 0 once the waiter left the queue', async () => {
    const limiter = new ConcurrencyLimiter(1, 10, 5000, 'local');
    await limiter.acquire(never);
    const client = new AbortController();
    const ticket = limiter.issueTicket(client.signal);
    const gone = rejectionOf(ticket.granted);
    client.abort(new Error('gone'));
    await gone;
    expect(ticket.position()).toBe(0);
  });
});

describe('readPriorityClass', () => {
  it.each([
    ['high', 'high'],
    ['low', 'low'],
    ['normal', 'normal'],
    [' HIGH ', 'high'],
    ['urgent', 'normal'],
    ['', 'normal'],
    [undefined, 'normal'],
    [['low', 'high'], 'low'],
  ] satisfies Array<[string | string[] | undefined, PriorityClass]>)('reads %o as %s', (header, priority) => {
    expect(readPriorityClass(header)).toBe(priority);
  });
});
