/**
 * POST /v1/completions of the stand-in vLLM: `text_completion` objects, streamed one word
 * per chunk (each chunk carries `"usage": null`, as vLLM dumps every field), then the
 * finish, the optional usage chunk with `choices: []`, and `data: [DONE]`.
 */
import { createVllmId, planOpenAIJson, planSseStream, SSE_DONE, sseFrame } from './openai-answers.js';
import * as request from './openai-request.js';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { planReply, type PlannedReply } from './stand-in-reply.js';

interface CompletionContext {
  id: string;
  created: number;
  model: string;
  reply: PlannedReply;
}

function readPrompt(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && typeof prompt[0] === 'string') return prompt[0];
  return '';
}

function buildChunk(context: CompletionContext, text: string, finishReason: string | null): Record<string, unknown> {
  return {
    id: context.id,
    object: 'text_completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason, stop_reason: null }],
    usage: null,
  };
}

function planCompletionStream(context: CompletionContext, includeUsage: boolean): PlannedResponse {
  const { reply } = context;
  const chunk = (text: string, finishReason: string | null = null) => sseFrame(() => buildChunk(context, text, finishReason));
  const cutShort = reply.doneReason === 'length' && reply.content.length > 0;
  const opening = (cutShort ? reply.content.slice(0, -1) : reply.content).map((piece) => chunk(piece));
  const closing: FrameSource[] = [cutShort ? chunk(reply.content[reply.content.length - 1] ?? '', 'length') : chunk('', reply.doneReason)];
  if (includeUsage) {
    const usage = request.buildUsage(reply.promptTokens, reply.completionTokens);
    delete usage['prompt_tokens_details'];
    closing.push(sseFrame(() => ({ id: context.id, object: 'text_completion', created: context.created, model: context.model, choices: [], usage })));
  }
  closing.push(SSE_DONE);
  return planSseStream([...opening, ...closing], closing.length, chunk(' more'));
}

function planCompletionWhole(context: CompletionContext): PlannedResponse {
  const { reply } = context;
  return planOpenAIJson(200, {
    id: context.id,
    object: 'text_completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, text: reply.content.join(''), logprobs: null, finish_reason: reply.doneReason, stop_reason: null, prompt_logprobs: null }],
    usage: request.buildUsage(reply.promptTokens, reply.completionTokens),
    kv_transfer_params: null,
  });
}

/** Plans the answer to POST /v1/completions. */
export function planOpenAICompletion(exchange: Exchange, maxModelLength: number): PlannedResponse {
  const decoded = request.decodeOpenAIBody(exchange, ['prompt']);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const model = request.resolveOpenAIModel(body, exchange.models);
  if (!model.ok) return model.answer;
  const messages = [{ role: 'user', text: readPrompt(body['prompt']) }];
  const includeMultibyteText = exchange.scenario === 'split-lines';
  const maxTokens = request.resolveMaxTokens(body, planReply({ messages }).promptTokens, maxModelLength);
  if (!maxTokens.ok) return maxTokens.answer;
  const reply = planReply({ messages, maxTokens: maxTokens.value ?? 16, includeMultibyteText });
  const context: CompletionContext = { id: createVllmId('cmpl-'), created: Math.floor(Date.now() / 1000), model: model.value, reply };
  return body['stream'] === true ? planCompletionStream(context, request.wantsUsageChunk(body)) : planCompletionWhole(context);
}
