/**
 * The gateway's state store: the one interface behind which per-key rate limits,
 * circuit-breaker state and stored conversations live, whichever store `state.store`
 * names (memory, sqlite or redis). Callers never know which one is behind it.
 *
 * The three uses have different needs, so each has its own semantics:
 * - rate limits must be atomic across replicas, so `consume` is one round trip that
 *   decides (a token bucket: `limitPerMinute` tokens, refilled evenly over a minute);
 * - breaker state is read on every request, so `openUntil` is synchronous, answered from
 *   a local mirror that the store keeps current (on Redis: pub/sub plus a resync);
 * - records are plain JSON values by namespace and id, with an optional time to live.
 *
 * No method rejects because a remote store is unreachable: the Redis store answers from
 * local state instead and reports it through `up` (see redis-state-store.ts).
 */

export type StateStoreKind = 'memory' | 'sqlite' | 'redis';

/** What `consume` decided for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed; 0 when this one was. */
  retryAfterSeconds: number;
  /** Requests still allowed right now after this one (Infinity when there is no limit). */
  remaining: number;
}

/** Hears every breaker publish, from this replica or another; `openUntil` 0 means closed. */
export type BreakerListener = (key: string, openUntil: number) => void;

export type UpListener = (up: boolean) => void;

/** Stops a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;

export interface StateStore {
  readonly kind: StateStoreKind;

  /** False while a remote store cannot be reached (memory and sqlite are always up). */
  readonly up: boolean;

  /** Called on every change of `up`, for the `switchyard_state_store_up` gauge. */
  onUpChange(listener: UpListener): Unsubscribe;

  /**
   * Takes one request from `key`'s budget of `limitPerMinute`. A limit of 0 or less means
   * no limit: allowed, without touching the store.
   */
  consume(key: string, limitPerMinute: number): Promise<RateDecision>;

  /**
   * Marks `key` (such as `breaker:<connection>` or `breaker:<connection>:<model>`) open
   * until `untilEpochMs`. This replica's `openUntil` sees it at once; other replicas
   * shortly after. The promise settles once it is published and never rejects.
   */
  publishOpen(key: string, untilEpochMs: number): Promise<void>;

  /** Marks `key` closed, everywhere; like `publishOpen`, never rejects. */
  publishClosed(key: string): Promise<void>;

  /**
   * Until when `key` is open, in epoch milliseconds; 0 when it is closed or the time has
   * passed. Synchronous and local: no store round trip.
   */
  openUntil(key: string): number;

  /** Called when a breaker publish changes the mirror. Expiry of an open time is not an event. */
  onBreakerChange(listener: BreakerListener): Unsubscribe;

  /**
   * Stores a JSON value (a copy is kept; reading gives a new object). With `ttlSeconds`
   * (> 0, fractions allowed) the record is gone after that long; without, it stays.
   */
  putRecord(namespace: string, id: string, value: unknown, ttlSeconds?: number): Promise<void>;

  /** The stored value, or undefined when there is none (or it expired). */
  getRecord(namespace: string, id: string): Promise<unknown>;

  /** Removes a record; true when there was one. */
  deleteRecord(namespace: string, id: string): Promise<boolean>;

  /** Stops timers and connections; the store must not be used afterwards. */
  close(): Promise<void>;
}
