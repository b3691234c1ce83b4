/**
 * Opens a state store of each kind the way the gateway does (through the configuration
 * schema and createStateStore), each with state of its own: a fresh sqlite file, a fresh
 * Redis key prefix; or two Redis stores sharing one prefix, as two replicas would.
 * Stores opened here are closed by `closeTestStores`. Also a logger whose lines a test reads.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stateSchema } from '../../../config/state-schema.js';
import { createLogger, type Logger } from '../../../src/observability/logger.js';
import { createStateStore } from '../../../src/state/create-state-store.js';
import type { StateStore, StateStoreKind } from '../../../src/state/state-store.js';
import type { RedisServer } from './redis-server.js';

const opened: StateStore[] = [];

export interface TestStoreOptions {
  /** Required for kind redis. */
  redisUrl?: string;
  /** Shared by stores that should see the same Redis state; a fresh one by default. */
  keyPrefix?: string;
  logger?: Logger;
}

export async function openTestStore(kind: StateStoreKind, options: TestStoreOptions = {}): Promise<StateStore> {
  const config = stateSchema.parse({
    store: kind,
    path: 'state.db',
    redis_url: options.redisUrl ?? '',
    key_prefix: options.keyPrefix ?? `test:${randomUUID()}:`,
  });
  const baseDir = mkdtempSync(join(tmpdir(), 'switchyard-state-'));
  const store = await createStateStore(config, { baseDir, logger: options.logger ?? createLogger('silent') });
  opened.push(store);
  return store;
}

/** Two stores on one Redis and one key prefix, as two gateway replicas would be. */
export async function openReplicas(server: RedisServer, options: TestStoreOptions = {}): Promise<[StateStore, StateStore]> {
  const shared = { redisUrl: server.url, keyPrefix: `test:${randomUUID()}:`, ...options };
  return [await openTestStore('redis', shared), await openTestStore('redis', shared)];
}

export async function closeTestStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close()));
}

export interface CapturedLog {
  logger: Logger;
  lines: Array<{ level: number; msg: string }>;
  /** Lines at pino's warn level (40). */
  warnings(): Array<{ level: number; msg: string }>;
  /** Lines at pino's info level (30). */
  infos(): Array<{ level: number; msg: string }>;
}

/** A real pino logger whose lines are kept for the test to read. */
export function captureLog(): CapturedLog {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return {
    logger: createLogger('info', destination),
    lines,
    warnings: () => lines.filter((line) => line.level === 40),
    infos: () => lines.filter((line) => line.level === 30),
  };
}
