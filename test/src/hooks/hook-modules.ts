/**
 * Real hook modules for the hook tests: written as `.mjs` files into a fresh temporary
 * folder beside a configuration file, imported the way the gateway imports them, and
 * removed afterwards.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { HookModuleConfig } from '../../../config/hooks-schema.js';
import { loadHooks } from '../../../src/hooks/load-hooks.js';
import type { LoadedHook } from '../../../src/hooks/hook-types.js';
import { createLogger, type Logger } from '../../../src/observability/logger.js';

export interface HookFolder {
  /** The configuration file the modules' paths are relative to (it need not exist). */
  configFile: string;
  /** Writes `source` to `path` relative to the configuration's folder. */
  write(path: string, source: string): Promise<void>;
  /** Writes the modules and loads them as `hooks:` entries (timeout 2000 ms unless given). */
  load(entries: Array<Partial<HookModuleConfig> & { module: string }>): Promise<LoadedHook[]>;
  remove(): Promise<void>;
}

export async function createHookFolder(): Promise<HookFolder> {
  const folder = await mkdtemp(join(tmpdir(), 'switchyard-hooks-'));
  const configFile = join(folder, 'gateway.config.yaml');
  return {
    configFile,
    async write(path, source) {
      const file = join(folder, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, source);
    },
    load: (entries) => loadHooks(entries.map((entry) => ({ timeout_ms: 2000, ...entry })), configFile),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A JSON logger whose lines are kept, parsed, for the test to read. */
export function createCapturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger('info', sink, 'json'), lines };
}
