/**
 * A connection's `max_concurrency`: at most `limit` requests at once (0 = unlimited); up
 * to `maxQueue` more wait, each for at most `queueTimeoutMs`, after which it gets 429 with
 * Retry-After. Waiting requests are served by priority class (`x-switchyard-priority`, or
 * the API key's `priority`): every `high` before any `normal`, every `normal` before any
 * `low`, first come first served within a class.
 */
import { rateLimited } from '../../core/gateway-error.js';

export type PriorityClass = 'high' | 'normal' | 'low';

/** Served first to last. */
const classes: readonly PriorityClass[] = ['high', 'normal', 'low'];

/** A request's class from its `x-switchyard-priority` header: `high`, `normal` or `low`; anything else is `normal`. */
export function readPriorityClass(headerValue: string | readonly string[] | undefined): PriorityClass {
  const value = (typeof headerValue === 'string' ? headerValue : headerValue?.[0])?.trim().toLowerCase();
  return value === 'high' || value === 'low' ? value : 'normal';
}

/** A request's claim on a slot, taken at once or queued. */
export interface QueueTicket {
  /** Resolves with the release function once a slot is granted; rejects with 429 (queue full or timed out) or the abort reason. */
  readonly granted: Promise<() => void>;
  /** The place in the queue, 1 = next; 0 once granted, refused or gone. Requests of a higher class that arrive later move it back. */
  position(): number;
}

interface Waiter {
  grant: () => void;
  fail: (error: unknown) => void;
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Record<PriorityClass, Waiter[]> = { high: [], normal: [], low: [] };

  constructor(
    private readonly limit: number,
    private readonly maxQueue: number,
    private readonly queueTimeoutMs: number,
    private readonly name: string,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /** Requests waiting for a slot, every class together. */
  get queued(): number {
    return classes.reduce((total, priority) => total + this.waiting[priority].length, 0);
  }

  /** Resolves with a release function once a slot is free; rejects with the abort reason when `signal` fires first. */
  acquire(signal: AbortSignal, priority: PriorityClass = 'normal'): Promise<() => void> {
    return this.issueTicket(signal, priority).granted;
  }

  /** Like `acquire`, and the caller can ask the queue position while it waits (a stream says `: queued 3`). */
  issueTicket(signal: AbortSignal, priority: PriorityClass = 'normal'): QueueTicket {
    // An 'abort' listener added to an already aborted signal never runs: the waiter would sit in the queue.
    if (signal.aborted) return settled(Promise.reject(signal.reason));
    if (this.limit === 0 || this.active < this.limit) {
      this.active += 1;
      return settled(Promise.resolve(this.releaseOnce()));
    }
    if (this.queued >= this.maxQueue) return settled(Promise.reject(this.busy(`its queue of ${this.maxQueue} is full`)));
    let waiter!: Waiter;
    const granted = new Promise<() => void>((resolve, reject) => {
      const timer = setTimeout(() => this.remove(waiter, priority, this.busy(`no slot freed within ${this.queueTimeoutMs} ms`)), this.queueTimeoutMs);
      const onAbort = () => this.remove(waiter, priority, signal.reason);
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      waiter = {
        grant: () => {
          cleanup();
          resolve(this.releaseOnce());
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting[priority].push(waiter);
    });
    return { granted, position: () => this.positionOf(waiter, priority) };
  }

  private positionOf(waiter: Waiter, priority: PriorityClass): number {
    const index = this.waiting[priority].indexOf(waiter);
    if (index < 0) return 0;
    const ahead = classes.slice(0, classes.indexOf(priority)).reduce((total, higher) => total + this.waiting[higher].length, 0);
    return ahead + index + 1;
  }

  private busy(detail: string) {
    const retryAfter = Math.max(1, Math.ceil(this.queueTimeoutMs / 1000));
    return rateLimited(`Connection '${this.name}' is at its limit of ${this.limit} concurrent requests and ${detail}.`, retryAfter);
  }

  private remove(waiter: Waiter, priority: PriorityClass, error: unknown): void {
    const queue = this.waiting[priority];
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    waiter.fail(error);
  }

  /** The next waiter by class, then by arrival. */
  private takeNext(): Waiter | undefined {
    for (const priority of classes) {
      const next = this.waiting[priority].shift();
      if (next) return next;
    }
    return undefined;
  }

  private releaseOnce(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.takeNext();
      if (next) next.grant();
      else this.active -= 1;
    };
  }
}

/** A ticket decided at once: never in the queue. */
function settled(granted: Promise<() => void>): QueueTicket {
  return { granted, position: () => 0 };
}
