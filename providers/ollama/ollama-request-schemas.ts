/**
 * The requests an Ollama connection takes: OpenAI's fields plus the Ollama knobs that
 * Ollama users send alongside them. They belong to this backend, not to the OpenAI types:
 * a passthrough connection forwards them untouched and no other backend reads them.
 */
import { z } from 'zod';
import { chatCompletionRequestSchema, completionRequestSchema, embeddingsRequestSchema, reasoningEffortSchema } from '../../core/openai-types.js';

const ollamaKnobs = {
  /** Ollama's model options (`num_ctx`, `top_k`, …); OpenAI fields win over the same key. */
  options: z.record(z.string(), z.unknown()).optional(),
  /** How long Ollama keeps the model loaded after the request (`"30m"`, seconds, -1). */
  keep_alive: z.union([z.string(), z.number()]).optional(),
};

/**
 * Ollama's `think`: on/off, or a level for models that take one (gpt-oss). `max` is
 * taken from Ollama 0.21.3 on (`api.ThinkValue`); older servers refuse it with a 400.
 */
const thinkSchema = z.union([z.boolean(), z.enum(['low', 'medium', 'high', 'max'])]);

const namedFunctionSchema = z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }).loose() }).loose();

/**
 * OpenAI's `tool_choice`, checked here because the adapter acts on it (see
 * apply-tool-choice.ts): a mode, one named function, or a subset of the tools
 * (`allowed_tools`) to choose among freely or to call one of.
 */
export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  namedFunctionSchema,
  z
    .object({
      type: z.literal('allowed_tools'),
      allowed_tools: z.object({ mode: z.enum(['auto', 'required']), tools: z.array(namedFunctionSchema).min(1) }).loose(),
    })
    .loose(),
]);

export const ollamaChatRequestSchema = chatCompletionRequestSchema.extend({
  ...ollamaKnobs,
  think: thinkSchema.optional(),
  tool_choice: toolChoiceSchema.nullish(),
});

export const ollamaCompletionRequestSchema = completionRequestSchema.extend({
  ...ollamaKnobs,
  think: thinkSchema.optional(),
  /** Read as in chat: Ollama's generate endpoint thinks too. */
  reasoning_effort: reasoningEffortSchema.nullable().optional(),
  /** Ollama's `raw`: continue the prompt as given, without the model's template. */
  raw: z.boolean().optional(),
});

export const ollamaEmbeddingsRequestSchema = embeddingsRequestSchema.extend({ ...ollamaKnobs, truncate: z.boolean().optional() });

export type Think = z.infer<typeof thinkSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type OllamaChatRequest = z.infer<typeof ollamaChatRequestSchema>;
export type OllamaCompletionRequest = z.infer<typeof ollamaCompletionRequestSchema>;
export type OllamaEmbeddingsRequest = z.infer<typeof ollamaEmbeddingsRequestSchema>;
