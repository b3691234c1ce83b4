/**
 * What Ollama's clients send to `/api/chat`, `/api/generate`, `/api/embed` and
 * `/api/show`, as Zod schemas following Ollama's `api/types.go`. Loose: fields Ollama
 * added later (`logprobs`, `shift`, `_debug_render_only` ...) pass validation and are
 * ignored, as an older Ollama would ignore them.
 */
import { z } from 'zod';
import { toolSchema } from '../../core/openai-types.js';

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * `options`: Modelfile parameters. The ones that become chat-completions fields are typed
 * and held to OpenAI's ranges (checked here, so the error names `options.temperature`
 * rather than a field the client never sent); the rest (`num_ctx`, `top_k`, `mirostat`
 * ...) pass as they are. Ollama takes `stop` only as a list; one string is accepted too,
 * since clients written for OpenAI send that.
 */
export const ollamaOptionsSchema = z
  .object({
    num_predict: z.number().int().optional(),
    temperature: finiteNumber.min(0).max(2).optional(),
    top_p: finiteNumber.min(0).max(1).optional(),
    seed: z.number().int().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(16)]).optional(),
    frequency_penalty: finiteNumber.min(-2).max(2).optional(),
    presence_penalty: finiteNumber.min(-2).max(2).optional(),
  })
  .loose();

/** `keep_alive`: seconds as a number, or a Go duration string (`"5m"`, `"0"`, `"-1"`). */
const keepAliveSchema = z.union([z.string(), z.number()]);

/**
 * `think`: on/off, or a level. Ollama 0.21.3 and later also take `"max"` (ollama#15787),
 * which its gpt-oss path reads as `"high"`.
 */
export const ollamaThinkSchema = z.union([z.boolean(), z.enum(['low', 'medium', 'high', 'max'])]);

/** `format`: JSON mode, a JSON schema, or (empty string, null) no constraint. */
export const ollamaFormatSchema = z.union([z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())]).nullable();

/**
 * An image: base64 as Ollama takes it (Go decodes `[]byte` from standard base64, line
 * breaks allowed). A data URL, which Ollama itself refuses, is accepted too since it
 * already says what it is.
 */
const imageSchema = z
  .string()
  .regex(/^(data:[^,]*,.*|[A-Za-z0-9+/\r\n]*={0,2})$/s, 'must be base64-encoded image data');

/** A tool call as Ollama's clients send it back: arguments are an object, not a string. */
export const ollamaToolCallSchema = z
  .object({
    id: z.string().optional(),
    function: z
      .object({
        index: z.number().int().optional(),
        name: z.string().min(1),
        arguments: z.record(z.string(), z.unknown()).nullish(),
      })
      .loose(),
  })
  .loose();

export const ollamaMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    // Go's zero value: a message without content is an empty one.
    content: z.string().nullish(),
    images: z.array(imageSchema).nullish(),
    thinking: z.string().nullish(),
    tool_calls: z.array(ollamaToolCallSchema).nullish(),
    tool_name: z.string().nullish(),
    tool_call_id: z.string().nullish(),
  })
  .loose();

/** Fields `/api/chat` and `/api/generate` share. */
const generationFields = {
  model: z.string().min(1),
  // Ollama streams unless told `false`; see `wantsStream`.
  stream: z.boolean().nullish(),
  format: ollamaFormatSchema.optional(),
  options: ollamaOptionsSchema.nullish(),
  think: ollamaThinkSchema.nullish(),
  keep_alive: keepAliveSchema.nullish(),
};

export const ollamaChatRequestSchema = z
  .object({
    ...generationFields,
    // No messages at all is Ollama's "load the model" request.
    messages: z.array(ollamaMessageSchema).nullish(),
    tools: z.array(toolSchema).nullish(),
  })
  .loose();

export const ollamaGenerateRequestSchema = z
  .object({
    ...generationFields,
    // An empty prompt is Ollama's "load the model" request.
    prompt: z.string().nullish(),
    system: z.string().nullish(),
    images: z.array(imageSchema).nullish(),
    suffix: z.string().nullish(),
    template: z.string().nullish(),
    raw: z.boolean().nullish(),
    context: z.array(z.number()).nullish(),
  })
  .loose();

export const ollamaEmbedRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string())]),
    truncate: z.boolean().nullish(),
    dimensions: z.number().int().min(1).nullish(),
    options: ollamaOptionsSchema.nullish(),
    keep_alive: keepAliveSchema.nullish(),
  })
  .loose();

/** `/api/show` names the model as `model`, or as `name` (older clients); see `readShowModel`. */
export const ollamaShowRequestSchema = z
  .object({ model: z.string().optional(), name: z.string().optional(), verbose: z.boolean().nullish() })
  .loose()
  .refine((request) => readShowModel(request) !== '', { message: 'model is required', path: ['model'] });

export type OllamaOptions = z.infer<typeof ollamaOptionsSchema>;
export type OllamaThink = z.infer<typeof ollamaThinkSchema>;
export type OllamaFormat = z.infer<typeof ollamaFormatSchema>;
export type OllamaMessage = z.infer<typeof ollamaMessageSchema>;
export type OllamaRequestToolCall = z.infer<typeof ollamaToolCallSchema>;
export type OllamaChatRequest = z.infer<typeof ollamaChatRequestSchema>;
export type OllamaGenerateRequest = z.infer<typeof ollamaGenerateRequestSchema>;
export type OllamaEmbedRequest = z.infer<typeof ollamaEmbedRequestSchema>;
export type OllamaShowRequest = z.infer<typeof ollamaShowRequestSchema>;

/** The model `/api/show` asks about: `model`, else `name`, an empty one skipped as in Ollama. */
export function readShowModel(request: { model?: string | undefined; name?: string | undefined }): string {
  return request.model || request.name || '';
}

/** Ollama streams by default: only an explicit `false` asks for one JSON answer. */
export function wantsStream(request: { stream?: boolean | null | undefined }): boolean {
  return request.stream !== false;
}
