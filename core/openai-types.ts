/**
 * The OpenAI wire types the gateway speaks to clients. Request schemas are Zod, used to
 * validate requests that are translated (passthrough requests are left to the upstream to
 * judge); response and chunk types are plain interfaces.
 */
import { z } from 'zod';

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

export const textPartSchema = z.object({ type: z.literal('text'), text: z.string() }).loose();
export const imagePartSchema = z
  .object({
    type: z.literal('image_url'),
    image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().optional() }).loose()]),
  })
  .loose();
export const contentPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema]);
export const messageContentSchema = z.union([z.string(), z.array(contentPartSchema)]).nullable();

export const toolCallSchema = z
  .object({
    id: z.string().optional(),
    type: z.literal('function').optional(),
    function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]) }).loose(),
  })
  .loose();

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: messageContentSchema, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('developer'), content: messageContentSchema, name: z.string().optional() }).loose(),
  z.object({ role: z.literal('user'), content: messageContentSchema, name: z.string().optional() }).loose(),
  z
    .object({
      role: z.literal('assistant'),
      content: messageContentSchema.optional(),
      name: z.string().optional(),
      tool_calls: z.array(toolCallSchema).optional(),
      reasoning_content: z.string().optional(),
    })
    .loose(),
  z
    .object({
      role: z.literal('tool'),
      content: messageContentSchema,
      tool_call_id: z.string(),
      name: z.string().optional(),
    })
    .loose(),
]);

export const toolSchema = z
  .object({
    type: z.literal('function'),
    function: z
      .object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() })
      .loose(),
  })
  .loose();

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z.object({ name: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }).loose(),
    })
    .loose(),
]);

/** OpenAI's reasoning effort levels, `none` to `xhigh`. */
export const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

const stopSchema = z.union([z.string(), z.array(z.string()).max(16)]).nullable();

/** Sampling fields shared by chat and legacy completions. */
const samplingFields = {
  model: z.string().min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  temperature: finiteNumber.min(0).max(2).nullable().optional(),
  top_p: finiteNumber.min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).nullable().optional(),
  stop: stopSchema.optional(),
  seed: z.number().int().nullable().optional(),
  frequency_penalty: finiteNumber.min(-2).max(2).nullable().optional(),
  presence_penalty: finiteNumber.min(-2).max(2).nullable().optional(),
  user: z.string().optional(),
};

export const chatCompletionRequestSchema = z
  .object({
    ...samplingFields,
    messages: z.array(chatMessageSchema).min(1),
    max_completion_tokens: z.number().int().min(1).nullable().optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: z.unknown().optional(),
    response_format: responseFormatSchema.optional(),
    reasoning_effort: reasoningEffortSchema.nullable().optional(),
    /** Whether to return the log probability of each output token. */
    logprobs: z.boolean().nullable().optional(),
    /** How many most likely tokens to return at each position with `logprobs`, 0 to 20. */
    top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  })
  .loose();

export const completionRequestSchema = z
  .object({
    ...samplingFields,
    prompt: z.union([z.string(), z.array(z.string()).length(1)]),
    suffix: z.string().nullable().optional(),
    echo: z.boolean().nullable().optional(),
  })
  .loose();

export const embeddingsRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1)]),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().min(1).optional(),
    user: z.string().optional(),
  })
  .loose();

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ContentPart = z.infer<typeof contentPartSchema>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
export type Tool = z.infer<typeof toolSchema>;

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One alternative at a token position. `bytes`: the token's UTF-8 bytes, null when it has none. */
export interface TopLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
}

/** One output token with its log probability and the most likely alternatives (`top_logprobs`). */
export interface TokenLogprob extends TopLogprob {
  top_logprobs: TopLogprob[];
}

/** A choice's `logprobs` when the request asked for them. */
export interface ChoiceLogprobs {
  content: TokenLogprob[] | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint?: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      reasoning_content?: string;
      /** The thinking under the name some clients read instead (`reasoning_style: reasoning`). */
      reasoning?: string;
      tool_calls?: ToolCall[];
    };
    logprobs: ChoiceLogprobs | null;
    finish_reason: FinishReason | null;
  }>;
  usage: Usage;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint?: string;
  choices: Array<{
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      reasoning_content?: string;
      /** The thinking under the name some clients read instead (`reasoning_style: reasoning`). */
      reasoning?: string;
      tool_calls?: ToolCallDelta[];
    };
    logprobs: ChoiceLogprobs | null;
    finish_reason: FinishReason | null;
  }>;
  usage?: Usage | null;
}

export interface Completion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: Array<{ index: number; text: string; logprobs: null; finish_reason: FinishReason | null }>;
  usage?: Usage | null;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  [extra: string]: unknown;
}
