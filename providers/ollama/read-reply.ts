import type { Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { ollamaErrorSchema, ollamaReplySchema, type OllamaReply, type OllamaToolCall } from './ollama-types.js';

/**
 * Checks one Ollama reply (a whole response or one stream line). An `{"error": "..."}`
 * object, which Ollama also sends as a stream line when generation fails midway, becomes
 * an upstream error carrying Ollama's own message.
 */
export function readReply(frame: unknown): OllamaReply {
  if (isPlainTextLine(frame)) return frame;
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

const isText = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';

/**
 * The line a stream carries once per token, `{"model", "created_at", "message": {"role",
 * "content"}, "done": false}` (or `response` for /api/generate), recognised without the
 * schemas: this runs for every token of every translated stream. Whatever else (the
 * `done` line, tool calls, logprobs, errors) goes through `ollamaReplySchema`, which
 * accepts every line this accepts.
 */
function isPlainTextLine(frame: unknown): frame is OllamaReply {
  if (typeof frame !== 'object' || frame === null) return false;
  const line = frame as Record<string, unknown>;
  if (line.done !== false || line.error !== undefined || line.tool_calls !== undefined || line.logprobs !== undefined || !isText(line.done_reason)) return false;
  if (!isText(line.model) || !isText(line.created_at) || !isText(line.response) || !isText(line.thinking)) return false;
  if (line.model === null || line.created_at === null || line.prompt_eval_count !== undefined || line.eval_count !== undefined) return false;
  const message = line.message;
  if (message === undefined) return true;
  if (typeof message !== 'object' || message === null) return false;
  const { role, content, thinking, tool_calls: toolCalls } = message as Record<string, unknown>;
  return (role === undefined || typeof role === 'string') && isText(content) && isText(thinking) && toolCalls === undefined;
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
