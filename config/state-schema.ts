/**
 * The `state:` section of gateway.config.yaml: where rate-limit counters, circuit-breaker
 * state and stored conversations live. Strict like the rest of the configuration.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const stateSchema = z
  .strictObject({
    /**
     * sqlite: a file, no server, survives restarts (one process). memory: nothing kept
     * across restarts. redis: shared by every replica that names the same server.
     */
    store: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
    /** The sqlite file; a relative path is resolved from the configuration file's folder. */
    path: z.string().min(1).default('./switchyard-state.db'),
    /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); required for store: redis. */
    redis_url: z
      .string()
      .refine((url) => url === '' || /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL')
      .default(''),
    /** Put in front of every Redis key and channel, so several gateways can share one Redis. */
    key_prefix: z.string().default('switchyard:'),
  })
  .superRefine((state, context) => {
    if (state.store === 'redis' && state.redis_url === '') {
      context.addIssue({
        code: 'custom',
        path: ['redis_url'],
        message: "store: redis needs state.redis_url (for example redis://127.0.0.1:6379, or ${REDIS_URL})",
      });
    }
  });

export type StateConfig = z.infer<typeof stateSchema>;

/**
 * The sqlite file's absolute path. Relative paths are taken from the folder of the
 * configuration file, not the working directory, so the gateway finds the same file
 * wherever it is started from. `:memory:` is sqlite's in-memory database and kept as is.
 */
export function resolveStatePath(path: string, configDirectory: string): string {
  if (path === ':memory:' || isAbsolute(path)) return path;
  return resolve(configDirectory, path);
}
