/**
 * The state store in a sqlite file (`state.store: sqlite`, the default): no server to run,
 * and stored conversations and rate-limit counters survive a restart. Meant for one
 * gateway process; several processes on one file stay correct (each consume is one
 * immediate transaction) but wait on each other. Breaker state stays in this process.
 *
 * better-sqlite3 is synchronous; every statement here is a keyed lookup or write on a
 * small row, and `busy_timeout` bounds the wait for another process's lock.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BreakerMirror } from './breaker-mirror.js';
import { decodeRecord, encodeRecord, ttlMilliseconds } from './record-value.js';
import type { BreakerListener, RateDecision, StateStore, Unsubscribe } from './state-store.js';
import { bucketIdleMs, takeToken, unlimited } from './token-bucket.js';

export interface SqliteStateStoreOptions {
  /** The file (absolute, see resolveStatePath), or `:memory:`. */
  path: string;
  now?: () => number;
}

/** How often expired records and idle rate-limit buckets are deleted. */
const sweepIntervalMs = 60_000;

const schema = `
  CREATE TABLE IF NOT EXISTS records (
    namespace TEXT NOT NULL,
    id TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (namespace, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS rate_buckets (
    key TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

interface BucketRow {
  tokens: number;
  updated_at: number;
}

interface RecordRow {
  value: string;
  expires_at: number | null;
}

/** Every statement the store runs, prepared once. */
function prepareStatements(database: BetterSqlite3.Database) {
  return {
    getBucket: database.prepare<[string], BucketRow>('SELECT tokens, updated_at FROM rate_buckets WHERE key = ?'),
    putBucket: database.prepare('INSERT OR REPLACE INTO rate_buckets (key, tokens, updated_at) VALUES (?, ?, ?)'),
    getRecord: database.prepare<[string, string], RecordRow>('SELECT value, expires_at FROM records WHERE namespace = ? AND id = ?'),
    putRecord: database.prepare('INSERT OR REPLACE INTO records (namespace, id, value, expires_at) VALUES (?, ?, ?, ?)'),
    deleteRecord: database.prepare<[string, string], Pick<RecordRow, 'expires_at'>>(
      'DELETE FROM records WHERE namespace = ? AND id = ? RETURNING expires_at',
    ),
    sweepRecords: database.prepare('DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    sweepBuckets: database.prepare('DELETE FROM rate_buckets WHERE updated_at <= ?'),
  };
}

/** Opens (creating if needed) the file; better-sqlite3 is loaded only here. */
export async function openSqliteStateStore(options: SqliteStateStoreOptions): Promise<SqliteStateStore> {
  const { default: Database } = await import('better-sqlite3');
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const database = new Database(options.path);
  try {
    // WAL lets readers and the writer work at once; NORMAL syncs at checkpoints only, which
    // in WAL mode can lose the last moments before a power cut but never corrupts the file.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 250');
    database.exec(schema);
    return new SqliteStateStore(database, options.now ?? Date.now);
  } catch (error) {
    database.close();
    throw error;
  }
}

export class SqliteStateStore implements StateStore {
  readonly kind = 'sqlite';
  readonly up = true;
  private readonly breakers: BreakerMirror;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly consumeInTransaction: (key: string, limitPerMinute: number) => RateDecision;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly now: () => number,
  ) {
    this.breakers = new BreakerMirror(now);
    this.statements = prepareStatements(database);
    const transaction = database.transaction((key: string, limitPerMinute: number) => {
      const row = this.statements.getBucket.get(key);
      const previous = row === undefined ? undefined : { tokens: row.tokens, updatedAt: row.updated_at };
      const { bucket, decision } = takeToken(previous, limitPerMinute, this.now());
      this.statements.putBucket.run(key, bucket.tokens, bucket.updatedAt);
      return decision;
    });
    // IMMEDIATE takes the write lock before the read, so two processes cannot both read
    // the same token count and both spend it.
    this.consumeInTransaction = (key, limitPerMinute) => transaction.immediate(key, limitPerMinute);
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), sweepIntervalMs).unref();
  }

  onUpChange(): Unsubscribe {
    return () => undefined;
  }

  async consume(key: string, limitPerMinute: number): Promise<RateDecision> {
    if (limitPerMinute <= 0) return unlimited;
    return this.consumeInTransaction(key, limitPerMinute);
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
    const expiresAt = ttlMs === undefined ? null : this.now() + ttlMs;
    this.statements.putRecord.run(namespace, id, encodeRecord(value), expiresAt);
  }

  async getRecord(namespace: string, id: string): Promise<unknown> {
    const row = this.statements.getRecord.get(namespace, id);
    if (row === undefined || this.isExpired(row.expires_at)) return undefined;
    return decodeRecord(row.value);
  }

  async deleteRecord(namespace: string, id: string): Promise<boolean> {
    const row = this.statements.deleteRecord.get(namespace, id);
    return row !== undefined && !this.isExpired(row.expires_at);
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    if (this.database.open) this.database.close();
  }

  private isExpired(expiresAt: number | null): boolean {
    return expiresAt !== null && expiresAt <= this.now();
  }

  private sweep(): void {
    const now = this.now();
    try {
      this.statements.sweepRecords.run(now);
      this.statements.sweepBuckets.run(now - bucketIdleMs);
    } catch {
      // Busy with another process's write: rows only linger until the next sweep, and
      // reads already ignore what has expired.
    }
  }
}
