/**
 * Whether Redis can be reached, and the one gate every Redis call goes through: while it
 * is down a call goes straight to the local answer; while it is up the call is bounded
 * (`boundMs`) and falls back to the local answer when it fails or is late, so a request
 * never waits long on a dead or stalled Redis. Each change is logged once — a warning
 * when Redis goes away, an info line when it is back — and told to `onChange` listeners.
 */
import type { Logger } from '../observability/logger.js';
import type { Unsubscribe, UpListener } from './state-store.js';

/** How often at most an error answered by Redis itself (not an outage) is logged. */
const replyErrorLogIntervalMs = 60_000;

export class RedisHealth {
  private status: 'starting' | 'up' | 'down' = 'starting';
  private readonly listeners = new Set<UpListener>();
  private lastReplyErrorLog = Number.NEGATIVE_INFINITY;
  /** Set by `stop`: calls failing because the store is closing are not an outage. */
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    readonly boundMs: number,
  ) {}

  get up(): boolean {
    return this.status === 'up';
  }

  get settled(): boolean {
    return this.status !== 'starting';
  }

  onChange(listener: UpListener): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  markUp(): void {
    if (this.stopped || this.status === 'up') return;
    const wasDown = this.status === 'down';
    this.status = 'up';
    if (wasDown) this.logger.info('state store: Redis is reachable again; shared state resumed');
    this.notify(true);
  }

  markDown(error: unknown): void {
    if (this.stopped || this.status === 'down') return;
    this.status = 'down';
    this.logger.warn(
      { err: describe(error) },
      'state store: Redis cannot be reached; rate limits, breaker state and records are served from this process until it is back',
    );
    this.notify(false);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Runs `remote` when Redis is up, within the bound; otherwise, or when it fails, `local`. */
  async attempt<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (!this.up) return local();
    try {
      return await this.bounded(remote());
    } catch (error) {
      this.noteFailure(error);
      return local();
    }
  }

  /** Runs `remote` whatever the state (a reconnect check); success marks Redis up. */
  async probe<T>(remote: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await this.bounded(remote());
      this.markUp();
      return result;
    } catch (error) {
      this.noteFailure(error);
      return undefined;
    }
  }

  /**
   * A failed call. An error Redis answered with (out of memory, a read-only replica) says
   * the server is there, so it does not flip `up`; it is logged at most once a minute
   * rather than once per request. Anything else (refused, closed, late) is an outage.
   */
  noteFailure(error: unknown): void {
    if (error instanceof Error && error.name === 'ReplyError') {
      const now = Date.now();
      if (now - this.lastReplyErrorLog < replyErrorLogIntervalMs) return;
      this.lastReplyErrorLog = now;
      this.logger.warn({ err: error.message }, 'state store: Redis refused a command; this request used local state');
      return;
    }
    this.markDown(error);
  }

  private bounded<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.boundMs} ms`)), this.boundMs);
    });
    // The call may still fail after the bound was hit; nobody waits for it any more.
    call.catch(() => undefined);
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  }

  private notify(up: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(up);
      } catch {
        // A listener's bug (the gauge, say) must not stop the others or the store.
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
