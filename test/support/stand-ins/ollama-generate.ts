/**
 * POST /api/generate of the stand-in Ollama: lines of `{model, created_at, response,
 * done}`; the final line adds `done_reason`, `context` (unless `raw`) and the metrics.
 */
import { formatGoNow, nowInNanoseconds } from './go-wire.js';
import { GO_BOOL, GO_OPTIONS, GO_STRING } from './go-unmarshal-error.js';
import { ndjsonLine, planOllamaJson, planOllamaStream, planOllamaWhole } from './ollama-answers.js';
import { buildGenerateContext, buildOllamaMetrics } from './ollama-metrics.js';
import * as request from './ollama-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { planReply, splitIntoWords, type PlannedReply, type ReplyMessage } from './stand-in-reply.js';

const generateFields = {
  model: GO_STRING,
  prompt: GO_STRING,
  system: GO_STRING,
  suffix: GO_STRING,
  stream: GO_BOOL,
  raw: GO_BOOL,
  options: GO_OPTIONS,
} as const;

function planGenerateFrames(model: string, reply: PlannedReply, prompt: string, raw: boolean, stream: boolean): PlannedResponse {
  const start = nowInNanoseconds();
  const context = raw ? undefined : buildGenerateContext([...splitIntoWords(prompt), ...reply.thinking, ...reply.content]);
  const finalFields = () => ({
    done: true,
    done_reason: reply.doneReason,
    ...(context === undefined ? {} : { context }),
    ...buildOllamaMetrics(start, reply.promptTokens, reply.completionTokens),
  });
  if (!stream) {
    const thinking = reply.thinking.length > 0 ? { thinking: reply.thinking.join('') } : {};
    return planOllamaWhole(() => ({ model, created_at: formatGoNow(), response: reply.content.join(''), ...thinking, ...finalFields() }));
  }
  const progress = (fields: Record<string, unknown>) =>
    ndjsonLine(() => ({ model, created_at: formatGoNow(), ...fields, done: false }));
  const lines = [
    ...reply.thinking.map((piece) => progress({ response: '', thinking: piece })),
    ...reply.content.map((piece) => progress({ response: piece })),
    ndjsonLine(() => ({ model, created_at: formatGoNow(), response: '', ...finalFields() })),
  ];
  return planOllamaStream(lines, progress({ response: ' more' }));
}

/** Plans the answer to POST /api/generate; `onServed` hears which model ran (for /api/ps). */
export function planOllamaGenerate(exchange: Exchange, onServed: (name: string) => void): PlannedResponse {
  const decoded = request.decodeOllamaBody(exchange.rawBody, 'GenerateRequest', generateFields);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const requested = request.readString(body, 'model');
  // Generate answers a missing model with 404 `model '' not found`, unlike chat (routes.go).
  const notFound = request.planModelNotFound(requested);
  const model = request.resolveOllamaModel(requested, exchange.models, notFound, notFound);
  if (!model.ok) return model.answer;
  const refusal = request.checkCapability(model.value, requested, 'completion', 'generate');
  if (refusal !== undefined) return refusal;
  const think = request.resolveThinking(body, model.value, requested);
  if (!think.ok) return think.answer;
  onServed(model.value.name);
  const prompt = request.readString(body, 'prompt');
  if (prompt.length === 0) {
    const doneReason = request.isUnloadRequest(body) ? 'unload' : 'load';
    return planOllamaJson(200, { model: requested, created_at: formatGoNow(), response: '', done: true, done_reason: doneReason });
  }
  const system = request.readString(body, 'system');
  const messages: ReplyMessage[] = [...(system.length > 0 ? [{ role: 'system', text: system }] : []), { role: 'user', text: prompt }];
  const reply = planReply({
    messages,
    think: think.value,
    format: request.readFormat(body),
    maxTokens: request.readNumPredict(body),
    includeMultibyteText: exchange.scenario === 'split-lines',
  });
  return planGenerateFrames(requested, reply, prompt, body['raw'] === true, request.wantsStream(body));
}
