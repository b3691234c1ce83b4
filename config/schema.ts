/**
 * The schema of gateway.config.yaml. Strict everywhere: an unknown key is an error, so a
 * typo is refused at start instead of being silently ignored.
 */
import { z } from 'zod';
import { stateSchema } from './state-schema.js';
import { declarativeHooksSchema, hookModuleSchema } from './hooks-schema.js';
import { aliasRoutingSchema, routingSchema } from './routing-schema.js';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);

/**
 * Text settings take a number or boolean as its text: `api_key: ${KEY}` with KEY=123456
 * expands to a number (see expand-env.ts) and must stay the key "123456".
 */
const text = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value), schema);
const byteSize = z.union([
  positiveInt,
  z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i, 'must be a size such as "20mb", "512kb" or a number of bytes'),
]);

/** An accepted client key, with optional limits of its own. */
const apiKeySchema = z.union([
  text(z.string().min(1, 'an API key must not be empty')),
  z.strictObject({
    /** The bearer token. */
    key: text(z.string().min(1, 'an API key must not be empty')),
    /** Public model ids this key may use; empty = all. */
    models: z.array(z.string().min(1)).default([]),
    /** A name for the key in hooks' `ctx.apiKeyName` and its rate-limit bucket (never the key itself). */
    name: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'may hold letters, digits and . _ : - only (1 to 64)').optional(),
    /** Requests per minute for this key; overrides `server.rate_limit.requests_per_minute`. */
    requests_per_minute: nonNegativeInt.optional(),
    /** Queue class of this key's requests when a connection is at `max_concurrency` (`x-switchyard-priority` wins). */
    priority: z.enum(['high', 'normal', 'low']).optional(),
    /** Request rewrites for this key's requests, after the alias's (see hooks-schema.ts). */
    hooks: declarativeHooksSchema.optional(),
  }),
]);

export const serverSchema = z.strictObject({
  /** Interface to listen on. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(4000),
  /** Bearer tokens accepted; empty = no auth (local use). */
  api_keys: z.array(apiKeySchema).default([]),
  /** Larger request bodies get 413. */
  body_limit: byteSize.default('20mb'),
  /** A request body not received whole within this is refused with 408 and its connection closed. */
  body_timeout_ms: positiveInt.default(60_000),
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish. */
  shutdown_timeout_ms: nonNegativeInt.default(30_000),
  /** Browser origins allowed by CORS; empty = none. `"*"` allows every origin. */
  cors_origins: z.array(z.string().min(1)).default([]),
  /** pino log level. */
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log lines as JSON, or short human lines; `auto`: human on a terminal, JSON otherwise. */
  log_format: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Per-key request rate limit; 0 = off. Keyed by API key, or client address without auth. */
  rate_limit: z.strictObject({ requests_per_minute: nonNegativeInt.default(0) }).prefault({}),
});

const reasoningStyleSchema = z.enum(['reasoning_content', 'reasoning', 'think_tags']);

const connectionBase = {
  /** Unique name, used in logs, metrics and `models[].connection`. */
  name: z.string().regex(/^[a-z0-9_-]+$/, 'must match [a-z0-9_-]+'),
  /** Server root for Ollama; the URL including /v1 for OpenAI-compatible servers. */
  base_url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** Fixed list of upstream model ids; empty = discover. */
  models: z.array(text(z.string().min(1))).default([]),
  /** Expose models as "<prefix>/<upstream id>". */
  prefix: z.string().regex(/^[A-Za-z0-9._:-]*$/, 'may hold letters, digits and . _ : - only').default(''),
  /** Sent upstream as `Authorization: Bearer`. */
  api_key: text(z.string()).default(''),
  /** Extra headers sent upstream. */
  headers: z.record(z.string(), text(z.string())).default({}),
  /** Whole-request limit, the wait for the first byte included. */
  timeout_ms: positiveInt.default(600_000),
  /** Once a response has started, a stall longer than this between chunks ends it. */
  idle_timeout_ms: positiveInt.default(60_000),
  /** Requests sent upstream at once; 0 = unlimited. Further requests wait in a queue. */
  max_concurrency: nonNegativeInt.default(0),
  /** Requests that may wait for a slot; beyond this they get 429 at once. */
  max_queue: nonNegativeInt.default(100),
  /** How long a request may wait for a slot before it gets 429. */
  queue_timeout_ms: positiveInt.default(30_000),
  /** Consecutive failures after which the connection is skipped for `cooldown_ms`. */
  failure_threshold: positiveInt.default(3),
  /** How long a failing connection is skipped before it is probed again. */
  cooldown_ms: positiveInt.default(30_000),
  /** `routing.strategy: priority`: lower tiers are used first, the next only when the lower one is saturated or down. */
  priority: z.number().int().default(0),
  /** auto: read the upstream's own load signals (Ollama /api/ps, vLLM or llama-server /metrics, /slots); none: no such poll. */
  load_metrics: z.enum(['auto', 'none']).default('auto'),
  /** Where answers carry the model's thinking: `reasoning_content`, `reasoning`, or `<think>` tags in `content`. */
  reasoning_style: reasoningStyleSchema.default('reasoning_content'),
};

export const ollamaConnectionSchema = z.strictObject({
  ...connectionBase,
  mode: z.literal('ollama'),
  /** generate: messages become a prompt for /api/generate. chat: native /api/chat. */
  ollama_api: z.enum(['generate', 'chat']).default('generate'),
});

export const openAICompatibleConnectionSchema = z.strictObject({
  ...connectionBase,
  mode: z.literal('openai_compatible'),
  /** Move `<think>…</think>` blocks the upstream writes into `content` out to the reasoning field. */
  split_think_tags: z.boolean().default(false),
  /**
   * Other front doors' APIs the upstream serves itself, whose requests then pass through
   * unaltered instead of being translated to chat completions (vLLM and llama-server
   * serve `/v1/messages` and `/v1/responses`).
   */
  passthrough_endpoints: z.array(z.enum(['messages', 'responses'])).default([]),
});

export const connectionSchema = z.discriminatedUnion('mode', [ollamaConnectionSchema, openAICompatibleConnectionSchema]);

export const aliasSchema = z.strictObject({
  /** Public id clients send. */
  name: z.string().min(1),
  /** The connection that serves it. */
  connection: z.string().min(1),
  /** Upstream model id. */
  model: text(z.string().min(1)),
  /** Request fields used when the client sent none. */
  defaults: z.record(z.string(), z.unknown()).default({}),
  /** Request rewrites for this alias's requests (see hooks-schema.ts). */
  hooks: declarativeHooksSchema.optional(),
  /** Overrides the connection's `reasoning_style` for this alias. */
  reasoning_style: reasoningStyleSchema.optional(),
  /** Overrides `routing.strategy`, `routing.affinity` or `routing.status_events` for this alias. */
  routing: aliasRoutingSchema.optional(),
});

export const configSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    /** Where rate limits, breaker state and stored conversations live (see state-schema.ts). */
    state: stateSchema.prefault({}),
    connections: z.array(connectionSchema).default([]),
    models: z.array(aliasSchema).default([]),
    /** ES modules run on requests, answers and chunks, in order (see hooks-schema.ts). */
    hooks: z.array(hookModuleSchema).default([]),
    /** How the connections serving one model are chosen (see routing-schema.ts). */
    routing: routingSchema.prefault({}),
    /** How long discovered model lists are kept. */
    models_cache_ttl_ms: nonNegativeInt.default(10_000),
    /** Background health checks that drive /ready and switchyard_connection_up. */
    health_checks: z
      .strictObject({
        interval_ms: positiveInt.default(15_000),
        timeout_ms: positiveInt.default(5_000),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const names = new Set<string>();
    config.connections.forEach((connection, index) => {
      if (names.has(connection.name)) {
        context.addIssue({ code: 'custom', path: ['connections', index, 'name'], message: `duplicate connection name '${connection.name}'` });
      }
      names.add(connection.name);
    });
    const aliases = new Set<string>();
    config.models.forEach((alias, index) => {
      if (!names.has(alias.connection)) {
        context.addIssue({ code: 'custom', path: ['models', index, 'connection'], message: `no connection named '${alias.connection}'` });
      }
      if (aliases.has(alias.name)) {
        context.addIssue({ code: 'custom', path: ['models', index, 'name'], message: `duplicate model alias '${alias.name}'` });
      }
      aliases.add(alias.name);
    });
  });

export type GatewayConfig = z.infer<typeof configSchema>;
export type ServerConfig = GatewayConfig['server'];
export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type OllamaConnectionConfig = z.infer<typeof ollamaConnectionSchema>;
export type OpenAICompatibleConnectionConfig = z.infer<typeof openAICompatibleConnectionSchema>;
export type AliasConfig = z.infer<typeof aliasSchema>;
export type ApiKeyConfig = z.infer<typeof apiKeySchema>;
export type ReasoningStyleConfig = z.infer<typeof reasoningStyleSchema>;
