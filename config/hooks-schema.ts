/**
 * The hook settings of gateway.config.yaml: `hooks:` (ES modules run on every request of
 * the models they name) and the declarative `hooks` of an alias or an API key (a system
 * prompt, forced, bounded and dropped request fields). Strict like the rest of the file.
 */
import { z } from 'zod';

/**
 * Fields a hook may not set or remove: `model` and `stream` were read to route and serve
 * the request before its hooks ran, and a request without `messages` is no chat request.
 */
export const reservedHookFields: readonly string[] = ['model', 'stream', 'messages'];

const fieldName = z.string().min(1);

const boundsSchema = z
  .strictObject({
    /** The largest value let through; a larger one is lowered to it. */
    max: z.number().optional(),
    /** The smallest value let through; a smaller one is raised to it. */
    min: z.number().optional(),
  })
  .refine((bounds) => bounds.max !== undefined || bounds.min !== undefined, 'give max, min or both')
  .refine((bounds) => bounds.max === undefined || bounds.min === undefined || bounds.min <= bounds.max, 'min must not be larger than max');

/** Request rewrites an alias (`models[].hooks`) or an API key (`server.api_keys[].hooks`) applies. */
export const declarativeHooksSchema = z
  .strictObject({
    /**
     * Put before the client's system prompt: merged into the first message when that is a
     * system or developer message (one system prompt, which every chat template takes),
     * else sent as a new system message in front.
     */
    system_prompt: z.string().min(1).optional(),
    /** Request fields set to these values whatever the client sent; an object is merged key by key over the client's, as `defaults` are. */
    force: z.record(fieldName, z.unknown()).optional(),
    /** Numeric fields kept within bounds, e.g. `max_tokens: { max: 1024 }`; a missing field stays missing. */
    clamp: z.record(fieldName, boundsSchema).optional(),
    /** Request fields removed. */
    drop: z.array(fieldName).optional(),
  })
  .superRefine((hooks, context) => {
    const changed = { force: Object.keys(hooks.force ?? {}), clamp: Object.keys(hooks.clamp ?? {}), drop: hooks.drop ?? [] };
    for (const [key, fields] of Object.entries(changed)) {
      for (const field of fields.filter((name) => reservedHookFields.includes(name))) {
        context.addIssue({ code: 'custom', path: [key], message: `'${field}' cannot be changed by a hook` });
      }
    }
    for (const field of hooks.drop ?? []) {
      if (hooks.force !== undefined && Object.hasOwn(hooks.force, field)) {
        context.addIssue({ code: 'custom', path: ['drop'], message: `'${field}' is both forced and dropped` });
      }
    }
  });

/** One hook module. */
export const hookModuleSchema = z.strictObject({
  /** An ES module exporting `onRequest`, `onResponse` and/or `onChunk`; relative to the configuration file's folder. */
  module: z.string().min(1),
  /** Public model ids whose requests it sees; absent = every model. */
  models: z.array(z.string().min(1)).min(1).optional(),
  /** How long one call may take before the request fails with a 500 naming the hook. */
  timeout_ms: z.number().int().positive().default(2000),
});

export type DeclarativeHooks = z.infer<typeof declarativeHooksSchema>;
export type HookModuleConfig = z.infer<typeof hookModuleSchema>;
