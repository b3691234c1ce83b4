/**
 * Bearer-token authentication against `server.api_keys`, compared in constant time, with
 * each key's allowed models and rate limit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { DeclarativeHooks } from '../../config/hooks-schema.js';
import type { ApiKeyConfig, ServerConfig } from '../../config/schema.js';
import { invalidApiKey, rateLimited } from '../../core/gateway-error.js';
import type { StateStore } from '../state/state-store.js';
import { readPriorityClass, type PriorityClass } from '../upstream/concurrency-limiter.js';

interface AcceptedKey {
  digest: Buffer;
  label: string;
  /** The queue class of the key's requests, unless a request names its own. */
  priority: PriorityClass | undefined;
  /** The key's declarative hooks. */
  hooks: DeclarativeHooks | undefined;
  models: ReadonlySet<string>;
  requestsPerMinute: number;
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function acceptKey(entry: ApiKeyConfig, defaultRate: number): AcceptedKey {
  const key = typeof entry === 'string' ? { key: entry, models: [], requests_per_minute: undefined, priority: undefined } : entry;
  return {
    digest: digestOf(key.key),
    // Limits are tracked per key without keeping the key itself: its name, or a digest
    // prefix (stable across restarts and replicas, and different for different keys).
    label: (typeof entry === 'string' ? undefined : entry.name) ?? `key-${digestOf(key.key).subarray(0, 6).toString('hex')}`,
    models: new Set(key.models),
    requestsPerMinute: key.requests_per_minute ?? defaultRate,
    priority: key.priority,
    hooks: typeof entry === 'string' ? undefined : entry.hooks,
  };
}

/** Every configured key is compared, so the time taken says nothing about which one matched. */
function findKey(keys: readonly AcceptedKey[], token: string): AcceptedKey | undefined {
  const digest = digestOf(token);
  let found: AcceptedKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest)) found = key;
  }
  return found;
}

/** The client's key: `Authorization: Bearer <key>`, or `x-api-key` as Anthropic's clients send it. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const apiKey = req.headers['x-api-key'];
  if (!header) return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** A request's queue class: its `x-switchyard-priority` header, else its key's `priority`, else normal. */
export function priorityOf(req: Request, res: Response): PriorityClass {
  const asked = req.headers['x-switchyard-priority'];
  return asked === undefined ? ((res.locals.keyPriority as PriorityClass | undefined) ?? 'normal') : readPriorityClass(asked);
}

/** The models the authenticated key may use; undefined = all. */
export function allowedModelsOf(res: Response): ReadonlySet<string> | undefined {
  return res.locals.allowedModels as ReadonlySet<string> | undefined;
}

/**
 * Checks the key, then takes one request from its rate limit in the state store: with
 * `state.store: redis` the limit holds for all replicas together.
 */
export function authenticate(server: ServerConfig, state: StateStore) {
  const defaultRate = server.rate_limit.requests_per_minute;
  const keys = server.api_keys.map((entry) => acceptKey(entry, defaultRate));
  return async (req: Request, res: Response, next: NextFunction) => {
    let client = `address-${req.socket.remoteAddress ?? 'unknown'}`;
    let rate = defaultRate;
    if (keys.length > 0) {
      const token = bearerToken(req);
      const key = token === undefined ? undefined : findKey(keys, token);
      if (!key) return next(invalidApiKey());
      client = key.label;
      rate = key.requestsPerMinute;
      if (key.models.size > 0) res.locals.allowedModels = key.models;
      if (key.priority) res.locals.keyPriority = key.priority;
      res.locals.apiKeyName = key.label;
      if (key.hooks) res.locals.keyHooks = key.hooks;
    }
    if (rate <= 0) return next();
    const decision = await state.consume(`rate:${client}`, rate);
    if (!decision.allowed) {
      const wait = decision.retryAfterSeconds;
      return next(rateLimited(`Rate limit of ${rate} requests per minute reached; retry in ${wait} s.`, wait));
    }
    next();
  };
}
