/**
 * The body of `POST /v1/messages`, validated once at the edge. Objects are loose, so
 * fields the gateway does not translate (`cache_control`, `citations`, `service_tier`…)
 * pass validation and are ignored; block and tool kinds it cannot translate (`document`,
 * server tools) are refused with a 400 naming the field rather than silently dropped.
 * Ranges follow the Messages API reference.
 */
import { z } from 'zod';

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

export const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() }).loose();

const imageSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string(),
    })
    .loose(),
  z.object({ type: z.literal('url'), url: z.string() }).loose(),
]);

export const imageBlockSchema = z.object({ type: z.literal('image'), source: imageSourceSchema }).loose();

const toolResultBlockSchema = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema]))]).optional(),
    is_error: z.boolean().optional(),
  })
  .loose();

const toolUseBlockSchema = z
  .object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) })
  .loose();

// Thinking from earlier turns; the signature is optional because the gateway's own
// answers carry an empty one that clients send back.
const thinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }).loose();
const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();

const userBlockSchema = z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, toolResultBlockSchema]);
const assistantBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  toolUseBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
]);

export const messageParamSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(userBlockSchema)]) }).loose(),
  z.object({ role: z.literal('assistant'), content: z.union([z.string(), z.array(assistantBlockSchema)]) }).loose(),
]);

const toolSchema = z
  .object({
    // Custom tools may say `type: "custom"`; server tools (web search, bash…) run at
    // Anthropic and have no chat-completions equivalent.
    type: z.literal('custom').optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()),
  })
  .loose();

const parallelField = { disable_parallel_tool_use: z.boolean().optional() };

export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), ...parallelField }).loose(),
  z.object({ type: z.literal('any'), ...parallelField }).loose(),
  z.object({ type: z.literal('tool'), name: z.string().min(1), ...parallelField }).loose(),
  z.object({ type: z.literal('none') }).loose(),
]);

export const thinkingSchema = z.discriminatedUnion('type', [
  // Anthropic refuses budgets under 1024 tokens.
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }).loose(),
  z.object({ type: z.literal('disabled') }).loose(),
  z.object({ type: z.literal('adaptive') }).loose(),
]);

export const outputConfigSchema = z
  .object({ effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullable().optional() })
  .loose();

export const messagesRequestSchema = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().min(1),
    messages: z.array(messageParamSchema).min(1),
    system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: finiteNumber.min(0).max(1).optional(),
    top_p: finiteNumber.min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    stream: z.boolean().optional(),
    metadata: z.object({ user_id: z.string().nullable().optional() }).loose().optional(),
    thinking: thinkingSchema.optional(),
    output_config: outputConfigSchema.optional(),
  })
  .loose();

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type MessageParam = z.infer<typeof messageParamSchema>;
export type UserMessageParam = Extract<MessageParam, { role: 'user' }>;
export type AssistantMessageParam = Extract<MessageParam, { role: 'assistant' }>;
export type ImageBlockParam = z.infer<typeof imageBlockSchema>;
export type TextBlockParam = z.infer<typeof textBlockSchema>;
export type ToolChoiceParam = z.infer<typeof toolChoiceSchema>;
export type ThinkingParam = z.infer<typeof thinkingSchema>;
export type OutputConfigParam = z.infer<typeof outputConfigSchema>;
