/**
 * The state store in this process's memory (`state.store: memory`): nothing survives a
 * restart and nothing is shared. Everything is bounded by LRU caches, so many distinct
 * clients or records cannot grow memory without limit. The Redis store also keeps one
 * of these, smaller, to answer from while Redis cannot be reached.
 */
import { LRUCache } from 'lru-cache';
import { BreakerMirror } from './breaker-mirror.js';
import { decodeRecord, encodeRecord, ttlMilliseconds } from './record-value.js';
import type { BreakerListener, RateDecision, StateStore, Unsubscribe } from './state-store.js';
import { takeToken, unlimited, type TokenBucket } from './token-bucket.js';

export interface MemoryStateStoreOptions {
  now?: () => number;
  /** Most records kept; the least recently used go first. */
  maxRecords?: number;
  /** Most bytes of record JSON kept in all. */
  maxRecordBytes?: number;
  /** Most rate-limit keys tracked; an evicted key starts again with a full bucket. */
  maxRateKeys?: number;
}

interface StoredRecord {
  json: string;
  /** Epoch milliseconds; undefined: kept until deleted or evicted. */
  expiresAt: number | undefined;
}

const recordKey = (namespace: string, id: string) => JSON.stringify([namespace, id]);

export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  readonly up = true;
  private readonly now: () => number;
  private readonly buckets: LRUCache<string, TokenBucket>;
  private readonly records: LRUCache<string, StoredRecord>;
  private readonly breakers: BreakerMirror;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.buckets = new LRUCache({ max: options.maxRateKeys ?? 10_000 });
    this.records = new LRUCache({
      max: options.maxRecords ?? 10_000,
      maxSize: options.maxRecordBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (record) => Math.max(1, record.json.length),
    });
    this.breakers = new BreakerMirror(this.now);
  }

  onUpChange(): Unsubscribe {
    return () => undefined;
  }

  async consume(key: string, limitPerMinute: number): Promise<RateDecision> {
    if (limitPerMinute <= 0) return unlimited;
    const { bucket, decision } = takeToken(this.buckets.get(key), limitPerMinute, this.now());
    this.buckets.set(key, bucket);
    return decision;
  }

  async publishOpen(key: string, untilEpochMs: number): Promise<void> {
    this.breakers.set(key, untilEpochMs);
  }

  async publishClosed(key: string): Promise<void> {
    this.breakers.set(key, 0);
  }

  openUntil(key: string): number {
    return this.breakers.openUntil(key);
  }

  onBreakerChange(listener: BreakerListener): Unsubscribe {
    return this.breakers.onChange(listener);
  }

  async putRecord(namespace: string, id: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    const json = encodeRecord(value);
    this.records.set(recordKey(namespace, id), { json, expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs });
  }

  async getRecord(namespace: string, id: string): Promise<unknown> {
    const key = recordKey(namespace, id);
    const record = this.records.get(key);
    if (record === undefined) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= this.now()) {
      this.records.delete(key);
      return undefined;
    }
    return decodeRecord(record.json);
  }

  async deleteRecord(namespace: string, id: string): Promise<boolean> {
    const key = recordKey(namespace, id);
    const record = this.records.get(key);
    this.records.delete(key);
    return record !== undefined && (record.expiresAt === undefined || record.expiresAt > this.now());
  }

  async close(): Promise<void> {
    this.buckets.clear();
    this.records.clear();
  }
}
