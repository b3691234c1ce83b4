import { rateLimited } from '../../core/gateway-error.js';

interface Waiter {
  grant: () => void;
  fail: (error: unknown) => void;
}

/**
 * At most `limit` requests at once (0 = unlimited); up to `maxQueue` more wait in order,
 * each for at most `queueTimeoutMs`, after which it gets 429 with Retry-After.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxQueue: number,
    private readonly queueTimeoutMs: number,
    private readonly name: string,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects with the abort reason when `signal` fires first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    // An 'abort' listener added to an already aborted signal never runs: the waiter would sit in the queue.
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.limit === 0 || this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaseOnce());
    }
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(this.busy(`its queue of ${this.maxQueue} is full`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.releaseOnce());
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      const timer = setTimeout(() => this.remove(waiter, this.busy(`no slot freed within ${this.queueTimeoutMs} ms`)), this.queueTimeoutMs);
      const onAbort = () => this.remove(waiter, signal.reason);
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private busy(detail: string) {
    const retryAfter = Math.max(1, Math.ceil(this.queueTimeoutMs / 1000));
    return rateLimited(`Connection '${this.name}' is at its limit of ${this.limit} concurrent requests and ${detail}.`, retryAfter);
  }

  private remove(waiter: Waiter, error: unknown): void {
    const index = this.waiting.indexOf(waiter);
    if (index >= 0) this.waiting.splice(index, 1);
    waiter.fail(error);
  }

  private releaseOnce(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active -= 1;
    };
  }
}
