import type { Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { ollamaErrorSchema, ollamaReplySchema, type OllamaReply, type OllamaToolCall } from './ollama-types.js';

/**
 * Checks one Ollama reply (a whole response or one stream line). An `{"error": "..."}`
 * object, which Ollama also sends as a stream line when generation fails midway, becomes
 * an upstream error carrying Ollama's own message.
 */
export function readReply(frame: unknown): OllamaReply {
  const failure = ollamaErrorSchema.safeParse(frame);
  if (failure.success) {
    throw upstreamError(`Ollama reported an error: ${failure.data.error}`, 'bad_response');
  }
  const parsed = ollamaReplySchema.safeParse(frame);
  if (!parsed.success) {
    throw upstreamError('Ollama answered with something other than a chat or generate reply.', 'bad_response', parsed.error);
  }
  return parsed.data;
}

/** The generated text: `message.content` from /api/chat, `response` from /api/generate. */
export function readReplyText(reply: OllamaReply): string {
  return reply.message?.content ?? reply.response ?? '';
}

/** The model's thinking, present when thinking was asked for and the model supports it. */
export function readReplyThinking(reply: OllamaReply): string {
  return reply.message?.thinking ?? reply.thinking ?? '';
}

export function readReplyToolCalls(reply: OllamaReply): OllamaToolCall[] {
  return reply.message?.tool_calls ?? reply.tool_calls ?? [];
}

/**
 * Token counts. Ollama leaves a count out when it is zero (its fields are `omitempty`),
 * e.g. `prompt_eval_count` when the whole prompt came from its cache, so absent means 0.
 */
export function readReplyUsage(reply: OllamaReply): Usage {
  const promptTokens = reply.prompt_eval_count ?? 0;
  const completionTokens = reply.eval_count ?? 0;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/**
 * `created_at` (RFC 3339 with nanoseconds) as Unix seconds. Ollama's zero time
 * (`0001-01-01T00:00:00Z`) and unreadable values fall back to the request's arrival time.
 */
export function readReplyCreated(reply: OllamaReply, now: number): number {
  const milliseconds = reply.created_at === undefined ? Number.NaN : Date.parse(reply.created_at);
  return Number.isFinite(milliseconds) && milliseconds > 0 ? Math.floor(milliseconds / 1000) : now;
}
