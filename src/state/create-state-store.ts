/**
 * Opens the state store `state.store` names. Each store's module (and with it
 * better-sqlite3 or ioredis) is imported only when it is the one configured, so a
 * gateway that does not use a library does not load it: idle memory stays small.
 */
import { resolveStatePath, type StateConfig } from '../../config/state-schema.js';
import type { Logger } from '../observability/logger.js';
import type { StateStore } from './state-store.js';

export interface StateStoreContext {
  /** The configuration file's folder, from which a relative `state.path` is taken. */
  baseDir: string;
  logger: Logger;
}

export async function createStateStore(config: StateConfig, context: StateStoreContext): Promise<StateStore> {
  switch (config.store) {
    case 'memory': {
      const { MemoryStateStore } = await import('./memory-state-store.js');
      return new MemoryStateStore();
    }
    case 'sqlite': {
      const { openSqliteStateStore } = await import('./sqlite-state-store.js');
      return openSqliteStateStore({ path: resolveStatePath(config.path, context.baseDir) });
    }
    case 'redis': {
      const { openRedisStateStore } = await import('./redis-state-store.js');
      return openRedisStateStore({ url: config.redis_url, keyPrefix: config.key_prefix, logger: context.logger.child({ component: 'state' }) });
    }
  }
}
