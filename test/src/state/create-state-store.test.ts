/**
 * createStateStore opens the configured store, and loads a store's library only when that
 * store is configured (idle memory is measured: a memory store must not pull in sqlite).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** Opens and closes a store in a fresh Node process; returns the libraries it loaded. */
function librariesLoadedFor(store: 'memory' | 'sqlite' | 'redis'): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { createStateStore } = await import(${JSON.stringify(join(repositoryRoot, 'src/state/create-state-store.ts'))});
    const { createLogger } = await import(${JSON.stringify(join(repositoryRoot, 'src/observability/logger.ts'))});
    const config = { store: ${JSON.stringify(store)}, path: ':memory:', redis_url: 'redis://127.0.0.1:1', key_prefix: 'test:' };
    const opened = await createStateStore(config, { baseDir: process.cwd(), logger: createLogger('silent') });
    if (opened.kind !== config.store) throw new Error('opened ' + opened.kind);
    await opened.close();
    const files = Object.keys(createRequire(import.meta.url).cache);
    const names = files.map((file) => /node_modules\\/(better-sqlite3|ioredis)\\//.exec(file)?.[1]).filter(Boolean);
    console.log(JSON.stringify([...new Set(names)]));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (result.status !== 0) throw new Error(`the store did not open: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as string[];
}

describe('createStateStore', () => {
  it.each([
    ['memory', []],
    ['sqlite', ['better-sqlite3']],
    ['redis', ['ioredis']],
  ] as const)('for store: %s loads only %j', (store, libraries) => {
    expect(librariesLoadedFor(store)).toEqual(libraries);
  });
});
