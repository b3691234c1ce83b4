/**
 * POST /v1/completions of the stand-in llama-server: `text_completion` objects whose ids
 * start with `chatcmpl-` (not `cmpl-`), no role event, an empty-text event before the
 * last one, and a final chunk that always carries `usage` and `timings`, with or without
 * `include_usage`, never a separate `choices: []` chunk.
 */
import { buildLlamaUsage, buildTimings, createLlamaId, LLAMA_BUILD, LLAMA_DONE, planLlamaJson, planLlamaStream, sseChunk } from './llama-answers.js';
import { checkContextSize, decodeLlamaBody, readMaxTokens, type LlamaContext } from './llama-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import { planReply, type PlannedReply } from './stand-in-reply.js';

interface CompletionContext {
  id: string;
  model: string;
  reply: PlannedReply;
}

function readPrompt(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && typeof prompt[0] === 'string') return prompt[0];
  return '';
}

function buildChunk(context: CompletionContext, text: string, finishReason: string | null, final: boolean): Record<string, unknown> {
  const { reply } = context;
  const chunk: Record<string, unknown> = {
    choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    system_fingerprint: LLAMA_BUILD,
    object: 'text_completion',
  };
  if (final) chunk['usage'] = buildLlamaUsage(reply.promptTokens, reply.completionTokens);
  chunk['id'] = context.id;
  if (final) chunk['timings'] = buildTimings(reply.promptTokens, reply.completionTokens);
  return chunk;
}

function planCompletionStream(context: CompletionContext, origin: string): PlannedResponse {
  const text = (piece: string) => sseChunk(() => buildChunk(context, piece, null, false));
  const frames = [...context.reply.content.map(text), text(''), sseChunk(() => buildChunk(context, '', context.reply.doneReason, true)), LLAMA_DONE];
  return planLlamaStream(origin, frames, 2, text(' more'));
}

function planCompletionWhole(context: CompletionContext, origin: string): PlannedResponse {
  const { reply } = context;
  return planLlamaJson(origin, {
    choices: [{ text: reply.content.join(''), index: 0, logprobs: null, finish_reason: reply.doneReason }],
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    system_fingerprint: LLAMA_BUILD,
    object: 'text_completion',
    usage: buildLlamaUsage(reply.promptTokens, reply.completionTokens),
    id: context.id,
    timings: buildTimings(reply.promptTokens, reply.completionTokens),
  });
}

/** Plans the answer to POST /v1/completions; `onServed` hears the token counts (for /metrics). */
export function planLlamaCompletion(rawBody: string, llama: LlamaContext & { model: string }, onServed: (reply: PlannedReply) => void): PlannedResponse {
  const decoded = decodeLlamaBody(rawBody, llama);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const messages = [{ role: 'user', text: readPrompt(body['prompt']) }];
  const promptTokens = planReply({ messages }).promptTokens;
  const tooLong = checkContextSize(promptTokens, llama);
  if (tooLong !== undefined) return tooLong;
  const reply = planReply({ messages, maxTokens: readMaxTokens(body, promptTokens, llama) });
  onServed(reply);
  const context: CompletionContext = { id: `chatcmpl-${createLlamaId()}`, model: llama.model, reply };
  return body['stream'] === true ? planCompletionStream(context, llama.origin) : planCompletionWhole(context, llama.origin);
}
