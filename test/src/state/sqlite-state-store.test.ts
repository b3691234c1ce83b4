/**
 * The sqlite store's promise: what it holds is in the file, so it is still there after
 * the store (or the gateway) is closed and the file opened again.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateSchema } from '../../../config/state-schema.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createStateStore } from '../../../src/state/create-state-store.js';
import { openSqliteStateStore } from '../../../src/state/sqlite-state-store.js';
import type { StateStore } from '../../../src/state/state-store.js';

const opened: StateStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** Opens the store as the gateway does, for a configuration file in `configDirectory`. */
async function openConfigured(configDirectory: string, path: string): Promise<StateStore> {
  const config = stateSchema.parse({ store: 'sqlite', path });
  const store = await createStateStore(config, { baseDir: configDirectory, logger: createLogger('silent') });
  opened.push(store);
  return store;
}

describe('the sqlite state store', () => {
  it('keeps records across closing and reopening the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
    const before = await openConfigured(folder, './state.db');
    await before.putRecord('responses', 'resp_1', { output_text: 'kept' });
    await before.putRecord('responses', 'resp_2', { output_text: 'deleted' });
    await before.deleteRecord('responses', 'resp_2');
    await before.close();
    const after = await openConfigured(folder, './state.db');
    expect(await after.getRecord('responses', 'resp_1')).toEqual({ output_text: 'kept' });
    expect(await after.getRecord('responses', 'resp_2')).toBeUndefined();
  });

  it('keeps rate-limit counts across a reopen', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
    const before = await openConfigured(folder, 'state.db');
    await before.consume('client-1', 2);
    await before.consume('client-1', 2);
    await before.close();
    const after = await openConfigured(folder, 'state.db');
    expect((await after.consume('client-1', 2)).allowed).toBe(false);
  });

  it('puts a relative path in the configuration file’s folder, creating folders it needs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
    await openConfigured(folder, 'data/state/switchyard.db');
    expect(existsSync(join(folder, 'data', 'state', 'switchyard.db'))).toBe(true);
  });

  it('does not read a record whose time to live passed while it was closed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'switchyard-sqlite-')), 'state.db');
    let now = 1_000_000;
    const before = await openSqliteStateStore({ path, now: () => now });
    await before.putRecord('responses', 'resp_1', 'short-lived', 60);
    await before.close();
    now += 61_000;
    const after = await openSqliteStateStore({ path, now: () => now });
    opened.push(after);
    expect(await after.getRecord('responses', 'resp_1')).toBeUndefined();
  });
});
