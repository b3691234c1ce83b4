/**
 * The state store on Redis (`state.store: redis`), shared by every replica that names the
 * same server and `key_prefix`: rate limits hold across all of them together, a breaker
 * one replica opens is skipped by all, and a record stored by one is read by any.
 *
 * Keys: `<prefix>rate:<key>` (a token bucket, expiring once idle long enough to be full),
 * `<prefix>breakers` (hash and pub/sub channel, see redis-breaker-sync.ts) and
 * `<prefix>record:<namespace>:<id>` (JSON, SET with PX for a time to live).
 *
 * When Redis cannot be reached the store keeps answering from this process (see
 * redis-health.ts): rate limits are counted here alone, so each replica allows the full
 * limit until Redis is back; the breaker mirror keeps what it knew and takes this
 * replica's own publishes; records go to a small local map (1000 records, 8 MiB), read
 * after Redis misses, visible to this replica only, not copied to Redis later.
 * ioredis reconnects by itself, and the store is back to shared state as soon as it has.
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { BreakerMirror } from './breaker-mirror.js';
import { MemoryStateStore } from './memory-state-store.js';
import { RedisBreakerSync } from './redis-breaker-sync.js';
import { RedisHealth } from './redis-health.js';
import { defineTakeToken } from './redis-token-script.js';
import { decodeRecord, encodeRecord, ttlMilliseconds } from './record-value.js';
import type { BreakerListener, RateDecision, StateStore, Unsubscribe, UpListener } from './state-store.js';
import { unlimited } from './token-bucket.js';

export interface RedisStateStoreOptions {
  /** `redis://…` or `rediss://…`. */
  url: string;
  keyPrefix: string;
  logger: Logger;
  /** Longest a request waits on Redis before it is answered locally. */
  callTimeoutMs?: number;
  /** How often the breaker mirror is read again in full. */
  resyncIntervalMs?: number;
  /** How long opening waits for a first connection before it starts on local state. */
  connectWaitMs?: number;
}

const connectionOptions: RedisOptions = {
  // Retry soon and often: a replica on local state is a replica whose limits are not shared.
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  connectTimeout: 2000,
};

/** Connects (waiting up to `connectWaitMs`); ioredis is loaded only here. */
export async function openRedisStateStore(options: RedisStateStoreOptions): Promise<RedisStateStore> {
  const { Redis } = await import('ioredis');
  const callTimeoutMs = options.callTimeoutMs ?? 250;
  const client = new Redis(options.url, {
    ...connectionOptions,
    // Fail at once instead of queueing while disconnected, and never resend after a
    // reconnect: the caller has long been answered from local state by then.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: callTimeoutMs,
  });
  // A subscribed connection cannot send other commands, so pub/sub needs its own.
  const subscriber = new Redis(options.url, connectionOptions);
  const store = new RedisStateStore(client, subscriber, options.keyPrefix, new RedisHealth(options.logger, callTimeoutMs));
  await store.start(options.resyncIntervalMs ?? 1000, options.connectWaitMs ?? 1000);
  return store;
}

export class RedisStateStore implements StateStore {
  readonly kind = 'redis';
  private readonly local = new MemoryStateStore({ maxRecords: 1000, maxRecordBytes: 8 * 1024 * 1024 });
  private readonly mirror = new BreakerMirror();
  private readonly breakers: RedisBreakerSync;
  private readonly takeToken: (bucketKey: string, limitPerMinute: number) => Promise<RateDecision>;
  private closed = false;

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly health: RedisHealth,
  ) {
    this.takeToken = defineTakeToken(client);
    this.breakers = new RedisBreakerSync(client, subscriber, this.mirror, health, `${prefix}breakers`);
    client.on('ready', () => {
      if (this.closed) return;
      this.health.markUp();
      void this.breakers.resync();
    });
    client.on('error', (error: Error) => this.health.markDown(error));
    client.on('close', () => this.health.markDown(new Error('the connection to Redis closed')));
    // The subscriber's outages are the client's too; without a listener ioredis would
    // print each of its reconnect errors.
    subscriber.on('error', () => undefined);
  }

  get up(): boolean {
    return this.health.up;
  }

  /**
   * Waits (at most `connectWaitMs`) for the first connection and the breaker
   * subscription, so that a replica is sharing from its first request; without a
   * connection it starts on local state.
   */
  async start(resyncIntervalMs: number, connectWaitMs: number): Promise<void> {
    const subscribed = this.breakers.start(resyncIntervalMs);
    const startedAt = Date.now();
    const connected = await settleWithin(firstConnection(this.client), connectWaitMs);
    if (connected === true) await settleWithin(subscribed, connectWaitMs - (Date.now() - startedAt));
    if (!this.health.settled) this.health.markDown(new Error(`no connection to Redis within ${connectWaitMs} ms`));
  }

  onUpChange(listener: UpListener): Unsubscribe {
    return this.health.onChange(listener);
  }

  async consume(key: string, limitPerMinute: number): Promise<RateDecision> {
    if (limitPerMinute <= 0) return unlimited;
    return this.health.attempt(
      () => this.takeToken(`${this.prefix}rate:${key}`, limitPerMinute),
      () => this.local.consume(key, limitPerMinute),
    );
  }

  publishOpen(key: string, untilEpochMs: number): Promise<void> {
    return this.breakers.publish(key, untilEpochMs);
  }

  publishClosed(key: string): Promise<void> {
    return this.breakers.publish(key, 0);
  }

  openUntil(key: string): number {
    return this.mirror.openUntil(key);
  }

  onBreakerChange(listener: BreakerListener): Unsubscribe {
    return this.mirror.onChange(listener);
  }

  async putRecord(namespace: string, id: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    const json = encodeRecord(value);
    const key = this.recordKey(namespace, id);
    await this.health.attempt(
      async () => void (ttlMs === undefined ? await this.client.set(key, json) : await this.client.set(key, json, 'PX', ttlMs)),
      () => this.local.putRecord(namespace, id, value, ttlSeconds),
    );
  }

  async getRecord(namespace: string, id: string): Promise<unknown> {
    const key = this.recordKey(namespace, id);
    const json = await this.health.attempt(() => this.client.get(key), async () => null);
    // A miss in Redis may be a record stored here while Redis was down.
    return json === null ? this.local.getRecord(namespace, id) : decodeRecord(json);
  }

  async deleteRecord(namespace: string, id: string): Promise<boolean> {
    const key = this.recordKey(namespace, id);
    const deletedLocally = await this.local.deleteRecord(namespace, id);
    const deletedRemotely = await this.health.attempt(
      async () => (await this.client.del(key)) > 0,
      async () => false,
    );
    return deletedLocally || deletedRemotely;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.health.stop();
    this.breakers.stop();
    this.client.disconnect();
    this.subscriber.disconnect();
    await this.local.close();
  }

  /** The namespace is URI-encoded so that a `:` in it cannot make two keys collide. */
  private recordKey(namespace: string, id: string): string {
    return `${this.prefix}record:${encodeURIComponent(namespace)}:${id}`;
  }
}

/** True once `client` is ready, false at its first connection error. */
function firstConnection(client: Redis): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ready: boolean) => () => {
      client.off('ready', onReady);
      client.off('error', onError);
      resolve(ready);
    };
    const onReady = settle(true);
    const onError = settle(false);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

/** The promise's value, or undefined once `ms` passed (or it failed). */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))));
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
