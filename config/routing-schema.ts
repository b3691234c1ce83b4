/**
 * The `routing:` section of gateway.config.yaml (and the per-alias `routing:` override):
 * how the gateway chooses among the connections that serve one model. Strict like the
 * rest of the configuration.
 */
import { z } from 'zod';

/** The token characters of RFC 9110 §5.6.2: what a header name may hold. */
export const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** How the connections serving a model are ordered. */
export const routingStrategySchema = z.enum(['least_busy', 'round_robin', 'priority']);

/** What ties a request to one connection, so it finds its prompt cache there. */
export const affinitySchema = z.union([
  z.enum(['none', 'user', 'conversation']),
  z
    .string()
    .refine(
      (value) => value.startsWith('header:') && headerNamePattern.test(value.slice('header:'.length)),
      'must be none, user, conversation or header:<name> with a header name such as header:x-session-id',
    ),
]);

export const routingSchema = z.strictObject({
  /**
   * least_busy: where the model is loaded, then the least loaded (in flight plus what the
   * upstream reports waiting). round_robin: in turn. priority: lower `connections[].priority`
   * first, the next tier only when every connection of the lower one is saturated or down.
   */
  strategy: routingStrategySchema.default('least_busy'),
  /**
   * none; user: the request's `user` field or the `X-OpenWebUI-User-Id` header;
   * conversation: the system prompt and first user message; header:<name>: that header.
   * The same key goes to the same connection while it is available and not saturated.
   */
  affinity: affinitySchema.default('none'),
  /**
   * A streaming request still waiting (queued, or no first token yet) after this long gets
   * SSE comment lines (": queued 3") this often until it starts; 0 = never.
   */
  stream_keepalive_ms: z.number().int().min(0).default(5_000),
  /** Send the waiting notices as Open WebUI status events (`data: {"event": …}`) instead of SSE comments. */
  status_events: z.boolean().default(false),
});

/** `models[].routing`: the alias's own choice; an absent key takes the top-level `routing:` value. */
export const aliasRoutingSchema = z.strictObject({
  /** Overrides `routing.strategy` for this alias. */
  strategy: routingStrategySchema.optional(),
  /** Overrides `routing.affinity` for this alias. */
  affinity: affinitySchema.optional(),
  /** Overrides `routing.status_events` for this alias. */
  status_events: z.boolean().optional(),
});

export type RoutingConfig = z.infer<typeof routingSchema>;
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;
export type AffinitySetting = z.infer<typeof affinitySchema>;
export type AliasRoutingConfig = z.infer<typeof aliasRoutingSchema>;
