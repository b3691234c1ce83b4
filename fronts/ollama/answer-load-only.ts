/**
 * Ollama's "load the model" requests: `/api/chat` without messages and `/api/generate`
 * with an empty prompt generate nothing; Ollama loads the model and answers at once, with
 * one JSON object (never a stream) whose `done_reason` is `load`, or `unload` when
 * `keep_alive` is zero (Ollama then unloads the model instead).
 *
 * How the caller treats them: answer `answerLoadOnly` without dispatching. The models
 * behind OpenAI-compatible servers are loaded already. A caller that wants to warm an
 * Ollama connection may first dispatch what `toChat` returns for such a request: one
 * empty user message, `max_tokens: 1`, not streamed, with the request's `keep_alive`.
 */
import type { ChatCompletionRequest } from '../../core/openai-types.js';
import type { FrontContext } from '../../core/front-door.js';
import { formatOllamaTime } from './format-ollama-time.js';
import type { OllamaChatRequest, OllamaGenerateRequest } from './ollama-requests.js';
import type { OllamaChatResponse, OllamaGenerateResponse } from './ollama-responses.js';

export function isChatLoadOnly(request: OllamaChatRequest): boolean {
  return (request.messages ?? []).length === 0;
}

export function isGenerateLoadOnly(request: OllamaGenerateRequest): boolean {
  return (request.prompt ?? '') === '';
}

/** The smallest valid chat request for a model: what `toChat` gives for a load request. */
export function buildLoadOnlyChat(model: string, keepAlive: string | number | null | undefined): ChatCompletionRequest {
  return {
    model,
    messages: [{ role: 'user', content: '' }],
    max_tokens: 1,
    stream: false,
    ...(keepAlive === null || keepAlive === undefined ? {} : { keep_alive: keepAlive }),
  };
}

export function answerChatLoadOnly(request: OllamaChatRequest, context: FrontContext): OllamaChatResponse {
  return {
    model: context.publicModel,
    created_at: formatOllamaTime(context.now),
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: isUnload(request.keep_alive) ? 'unload' : 'load',
  };
}

export function answerGenerateLoadOnly(request: OllamaGenerateRequest, context: FrontContext): OllamaGenerateResponse {
  return {
    model: context.publicModel,
    created_at: formatOllamaTime(context.now),
    response: '',
    done: true,
    done_reason: isUnload(request.keep_alive) ? 'unload' : 'load',
  };
}

/** A Go duration string whose every number is zero (`"0"`, `"0s"`, `"0m0s"`, `"0.0h"`). */
const zeroDuration = /^[+-]?(?:0|(?:(?:0+(?:\.0*)?|\.0+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/**
 * Whether `keep_alive` is zero as Ollama reads it: a number of seconds that rounds down to
 * no nanosecond, or a zero duration string. Negative values mean "forever", not zero.
 */
export function isUnload(keepAlive: string | number | null | undefined): boolean {
  if (typeof keepAlive === 'number') {
    return keepAlive >= 0 && keepAlive * 1e9 < 1;
  }
  return typeof keepAlive === 'string' && zeroDuration.test(keepAlive);
}
