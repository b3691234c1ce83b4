/**
 * Reading a request the way llama-server does: any Content-Type, a body that is not JSON
 * as a 500 with nlohmann::json's parser message, type errors as 400 naming the field,
 * `max_tokens` silently capped by the context, and a prompt longer than the context as a
 * plain JSON 400 `exceed_context_size_error`, even for `stream: true`.
 */
import { planLlamaError } from './llama-answers.js';
import { readContentText } from './openai-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { ReplyMessage } from './stand-in-reply.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; answer: PlannedResponse };
export type LlamaBody = Record<string, unknown>;

/** What every answer needs from the request and the server's settings. */
export interface LlamaContext {
  origin: string;
  idleTimeoutMs: number;
  /** `-c`: the context size, in the stand-in's whitespace tokens. */
  contextLength: number;
}

function invalid(context: LlamaContext, message: string): { ok: false; answer: PlannedResponse } {
  return { ok: false, answer: planLlamaError(context.origin, context.idleTimeoutMs, 400, 'invalid_request_error', message) };
}

/** 1-based line and column of a parse failure, as nlohmann::json counts them. */
function locate(rawBody: string): { line: number; column: number } {
  let position = rawBody.length;
  try {
    JSON.parse(rawBody);
  } catch (error) {
    position = Number(/position (\d+)/.exec(String(error))?.[1] ?? rawBody.length);
  }
  const before = rawBody.slice(0, position).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

const numberFields = ['temperature', 'top_p', 'top_k', 'min_p', 'max_tokens', 'max_completion_tokens', 'n', 'seed'];

/** Parses the body; a number field of another type is refused as nlohmann::json's type_error.302. */
export function decodeLlamaBody(rawBody: string, context: LlamaContext): Checked<LlamaBody> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    const { line, column } = locate(rawBody);
    const message = `[json.exception.parse_error.101] parse error at line ${line}, column ${column}: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal`;
    return { ok: false, answer: planLlamaError(context.origin, context.idleTimeoutMs, 500, 'server_error', message) };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid(context, 'Expected the request body to be a JSON object');
  const record = body as LlamaBody;
  for (const field of numberFields) {
    const value = record[field];
    if (value === undefined || value === null || typeof value === 'number') continue;
    const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'boolean' : typeof value;
    return invalid(context, `Field '${field}': [json.exception.type_error.302] type must be number, but is ${kind}`);
  }
  return { ok: true, value: record };
}

/** The chat history; `messages: []` is accepted and generates from an empty chat. */
export function readLlamaMessages(body: LlamaBody, context: LlamaContext): Checked<ReplyMessage[]> {
  const messages = body['messages'];
  if (messages === undefined) return invalid(context, "'messages' is required");
  if (!Array.isArray(messages)) return invalid(context, "Expected 'messages' to be an array");
  return {
    ok: true,
    value: messages.map((entry) => {
      const message = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      return { role: String(message['role'] ?? ''), text: readContentText(message['content']) };
    }),
  };
}

/** llama-server refuses a prompt longer than its context before generating anything. */
export function checkContextSize(promptTokens: number, context: LlamaContext): PlannedResponse | undefined {
  if (promptTokens <= context.contextLength) return undefined;
  const message = `request (${promptTokens} tokens) exceeds the available context size (${context.contextLength} tokens), try increasing it`;
  const extra = { n_prompt_tokens: promptTokens, n_ctx: context.contextLength };
  return planLlamaError(context.origin, context.idleTimeoutMs, 400, 'exceed_context_size_error', message, extra);
}

/** `max_completion_tokens` or `max_tokens`, capped by what the context leaves; undefined means until EOS. */
export function readMaxTokens(body: LlamaBody, promptTokens: number, context: LlamaContext): number | undefined {
  const asked = body['max_completion_tokens'] ?? body['max_tokens'];
  const room = Math.max(1, context.contextLength - promptTokens);
  return typeof asked === 'number' && asked > 0 ? Math.min(Math.floor(asked), room) : undefined;
}

/** Whether a streamed chat ends with a separate usage event (`stream_options.include_usage`). */
export function wantsUsageEvent(body: LlamaBody): boolean {
  const options = body['stream_options'];
  return typeof options === 'object' && options !== null && (options as Record<string, unknown>)['include_usage'] === true;
}
