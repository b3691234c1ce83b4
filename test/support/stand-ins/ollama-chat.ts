/**
 * POST /api/chat of the stand-in Ollama: NDJSON lines of `{model, created_at, message,
 * done}` ending with a line that has `done_reason`, `done: true` and the metrics, or one
 * JSON object when `stream` is false.
 */
import { formatGoNow, nowInNanoseconds } from './go-wire.js';
import { GO_BOOL, GO_OPTIONS, GO_STRING } from './go-unmarshal-error.js';
import { ndjsonLine, planOllamaError, planOllamaJson, planOllamaStream, planOllamaWhole } from './ollama-answers.js';
import { buildOllamaMetrics } from './ollama-metrics.js';
import * as request from './ollama-request.js';
import { toOllamaToolCall } from './ollama-tool-call.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { planReply, type PlannedReply, type ReplyMessage, type ReplyTool } from './stand-in-reply.js';

const chatFields = {
  model: GO_STRING,
  messages: { kind: 'array', goType: '[]api.Message' },
  stream: GO_BOOL,
  options: GO_OPTIONS,
  tools: { kind: 'array', goType: 'api.Tools' },
} as const;

function readMessages(body: request.OllamaBody): ReplyMessage[] | PlannedResponse {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  const result: ReplyMessage[] = [];
  for (const entry of messages) {
    const message = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const content = message['content'];
    if (content !== undefined && content !== null && typeof content !== 'string') {
      const kind = Array.isArray(content) ? 'array' : typeof content === 'object' ? 'object' : typeof content === 'boolean' ? 'bool' : 'number';
      return planOllamaError(400, `json: cannot unmarshal ${kind} into Go struct field Message.messages.content of type string`);
    }
    result.push({ role: String(message['role'] ?? '').toLowerCase(), text: content ?? '' });
  }
  return result;
}

function readTools(body: request.OllamaBody): ReplyTool[] {
  const tools = Array.isArray(body['tools']) ? (body['tools'] as unknown[]) : [];
  return tools.flatMap((tool) => {
    const definition = (tool as { function?: { name?: unknown; parameters?: unknown } } | null)?.function;
    return typeof definition?.name === 'string' ? [{ name: definition.name, parameters: definition.parameters }] : [];
  });
}

function buildAssistantMessage(reply: PlannedReply, whole: boolean): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: whole ? reply.content.join('') : '' };
  if (whole && reply.thinking.length > 0) message['thinking'] = reply.thinking.join('');
  if (whole && reply.toolCall !== undefined) message['tool_calls'] = [toOllamaToolCall(reply.toolCall, 0)];
  return message;
}

function planChatFrames(model: string, reply: PlannedReply, stream: boolean): PlannedResponse {
  const start = nowInNanoseconds();
  const evalTokens = reply.completionTokens;
  const finalFields = () => ({
    done_reason: reply.doneReason,
    done: true,
    ...buildOllamaMetrics(start, reply.promptTokens, evalTokens),
  });
  if (!stream) {
    return planOllamaWhole(() => ({ model, created_at: formatGoNow(), message: buildAssistantMessage(reply, true), ...finalFields() }));
  }
  const progress = (message: Record<string, unknown>) =>
    ndjsonLine(() => ({ model, created_at: formatGoNow(), message: { role: 'assistant', ...message }, done: false }));
  const lines = [
    ...reply.thinking.map((piece) => progress({ content: '', thinking: piece })),
    ...reply.content.map((piece) => progress({ content: piece })),
    ...(reply.toolCall === undefined ? [] : [progress({ content: '', tool_calls: [toOllamaToolCall(reply.toolCall, 0)] })]),
    ndjsonLine(() => ({ model, created_at: formatGoNow(), message: { role: 'assistant', content: '' }, ...finalFields() })),
  ];
  return planOllamaStream(lines, progress({ content: ' more' }));
}

/** Plans the answer to POST /api/chat; `onServed` hears which model ran (for /api/ps). */
export function planOllamaChat(exchange: Exchange, onServed: (name: string) => void): PlannedResponse {
  const decoded = request.decodeOllamaBody(exchange.rawBody, 'ChatRequest', chatFields);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const requested = request.readString(body, 'model');
  const model = request.resolveOllamaModel(requested, exchange.models, planOllamaError(400, 'model is required'), request.planModelNotFound(requested));
  if (!model.ok) return model.answer;
  const refusal = request.checkCapability(model.value, requested, 'completion', 'chat');
  if (refusal !== undefined) return refusal;
  const think = request.resolveThinking(body, model.value, requested);
  if (!think.ok) return think.answer;
  const messages = readMessages(body);
  if (!Array.isArray(messages)) return messages;
  onServed(model.value.name);
  if (messages.length === 0) {
    const doneReason = request.isUnloadRequest(body) ? 'unload' : 'load';
    const message = { role: 'assistant', content: '' };
    return planOllamaJson(200, { model: requested, created_at: formatGoNow(), message, done_reason: doneReason, done: true });
  }
  const reply = planReply({
    messages,
    tools: readTools(body),
    think: think.value,
    format: request.readFormat(body),
    maxTokens: request.readNumPredict(body),
    includeMultibyteText: exchange.scenario === 'split-lines',
  });
  return planChatFrames(requested, reply, request.wantsStream(body));
}
