/**
 * POST /v1/chat/completions of the stand-in llama-server. A stream opens with a role-only
 * event whose `content` is null, sends reasoning and content deltas (the first in the
 * same HTTP chunk as the role event), then a finish event carrying `timings`, or, with
 * `include_usage`, a finish event and a `choices: []` event with `usage` and `timings`,
 * then `[DONE]`. `model` is always the server's own name, whatever the request said.
 */
import { buildLlamaUsage, buildTimings, createLlamaId, LLAMA_BUILD, LLAMA_DONE, planLlamaError, planLlamaJson, planLlamaStream, sseChunk } from './llama-answers.js';
import { checkContextSize, decodeLlamaBody, readLlamaMessages, readMaxTokens, wantsUsageEvent, type LlamaBody, type LlamaContext } from './llama-request.js';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';
import { planReply, type PlannedReply, type ReplyRequest, type ReplyTool } from './stand-in-reply.js';

interface ChatContext {
  id: string;
  model: string;
  reply: PlannedReply;
  /** `reasoning_format: "none"` leaves the thinking inside `content`, tags and all. */
  thinkingInContent: boolean;
}

/** The object form of `tool_choice` is ignored (treated as auto); only "none" turns tools off. */
function readTools(body: LlamaBody): ReplyTool[] {
  if (body['tool_choice'] === 'none') return [];
  return (Array.isArray(body['tools']) ? (body['tools'] as unknown[]) : []).flatMap((tool) => {
    const definition = (tool as { function?: { name?: unknown; parameters?: unknown } } | null)?.function;
    return typeof definition?.name === 'string' ? [{ name: definition.name, parameters: definition.parameters }] : [];
  });
}

/** `json_schema` is enforced by a grammar; `json_object` maps to no constraint in this build. */
function readFormat(body: LlamaBody, llama: LlamaContext): { ok: true; format: ReplyRequest['format'] } | { ok: false; answer: PlannedResponse } {
  const format = body['response_format'] as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  if (format === undefined || format === null || format.type === 'text' || format.type === 'json_object') return { ok: true, format: undefined };
  if (format.type !== 'json_schema') {
    return { ok: false, answer: planLlamaError(llama.origin, llama.idleTimeoutMs, 400, 'invalid_request_error', 'response_format type must be one of "text" or "json_object", but got: ' + String(format.type)) };
  }
  const schema = format.json_schema?.schema;
  return { ok: true, format: typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : 'json' };
}

/** Tool arguments as the model writes them: its own spacing, not re-serialized JSON. */
function writeArguments(reply: PlannedReply): string {
  return JSON.stringify(reply.toolCall?.arguments ?? {}, null, 1).replace(/\n/g, ' ');
}

function finishReason(reply: PlannedReply): string {
  return reply.toolCall !== undefined && reply.doneReason === 'stop' ? 'tool_calls' : reply.doneReason;
}

function buildChunk(context: ChatContext, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  // `created` is computed per chunk by llama-server.
  const created = Math.floor(Date.now() / 1000);
  return { choices, created, id: context.id, model: context.model, system_fingerprint: LLAMA_BUILD, object: 'chat.completion.chunk', ...extra };
}

function deltaEvents(context: ChatContext): Array<Record<string, unknown>> {
  const { reply } = context;
  if (reply.toolCall !== undefined) {
    const text = writeArguments(reply);
    const pieces = text.slice(1).match(/.{1,3}/gs) ?? [];
    const first = { tool_calls: [{ index: 0, id: createLlamaId(), type: 'function', function: { name: reply.toolCall.name, arguments: text.slice(0, 1) } }] };
    return [first, ...pieces.map((piece) => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] }))];
  }
  if (context.thinkingInContent && reply.thinking.length > 0) {
    return [`<think>\n${reply.thinking.join('')}</think>`, ...reply.content].map((content) => ({ content }));
  }
  return [...reply.thinking.map((piece) => ({ reasoning_content: piece })), ...reply.content.map((content) => ({ content }))];
}

function planChatStream(context: ChatContext, includeUsage: boolean, origin: string): PlannedResponse {
  const { reply } = context;
  const event = (delta: Record<string, unknown>) => () => buildChunk(context, [{ finish_reason: null, index: 0, delta }]);
  const role = event({ role: 'assistant', content: null });
  const deltas = deltaEvents(context).map(event);
  // The role event shares its chunk with the first delta, except before a tool call.
  const [firstDelta, ...laterDeltas] = deltas;
  const opening: FrameSource[] =
    reply.toolCall === undefined && firstDelta !== undefined
      ? [sseChunk(role, firstDelta), ...laterDeltas.map((delta) => sseChunk(delta))]
      : [sseChunk(role), ...deltas.map((delta) => sseChunk(delta))];
  const timings = () => buildTimings(reply.promptTokens, reply.completionTokens);
  const finish = { finish_reason: finishReason(reply), index: 0, delta: {} };
  const closing = includeUsage
    ? sseChunk(() => buildChunk(context, [finish]), () => buildChunk(context, [], { usage: buildLlamaUsage(reply.promptTokens, reply.completionTokens), timings: timings() }))
    : sseChunk(() => buildChunk(context, [finish], { timings: timings() }));
  return planLlamaStream(origin, [...opening, closing, LLAMA_DONE], 2, sseChunk(event({ content: ' more' })));
}

function planChatWhole(context: ChatContext, origin: string): PlannedResponse {
  const { reply } = context;
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content.join('') };
  if (reply.toolCall !== undefined) {
    message['content'] = '';
    message['tool_calls'] = [{ type: 'function', function: { name: reply.toolCall.name, arguments: writeArguments(reply) }, id: createLlamaId() }];
  } else if (reply.thinking.length > 0 && context.thinkingInContent) {
    message['content'] = `<think>\n${reply.thinking.join('')}</think>${reply.content.join('')}`;
  } else if (reply.thinking.length > 0) {
    message['reasoning_content'] = reply.thinking.join('');
  }
  return planLlamaJson(origin, {
    choices: [{ finish_reason: finishReason(reply), index: 0, message }],
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    system_fingerprint: LLAMA_BUILD,
    object: 'chat.completion',
    usage: buildLlamaUsage(reply.promptTokens, reply.completionTokens),
    id: context.id,
    timings: buildTimings(reply.promptTokens, reply.completionTokens),
  });
}

/** Plans the answer to POST /v1/chat/completions; `onServed` hears the token counts (for /metrics). */
export function planLlamaChat(rawBody: string, llama: LlamaContext & { model: string; reasoning: boolean }, onServed: (reply: PlannedReply) => void): PlannedResponse {
  const decoded = decodeLlamaBody(rawBody, llama);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const messages = readLlamaMessages(body, llama);
  if (!messages.ok) return messages.answer;
  const format = readFormat(body, llama);
  if (!format.ok) return format.answer;
  const request: ReplyRequest = { messages: messages.value, tools: readTools(body), think: llama.reasoning, format: format.format };
  const promptTokens = planReply(request).promptTokens;
  const tooLong = checkContextSize(promptTokens, llama);
  if (tooLong !== undefined) return tooLong;
  const reply = planReply({ ...request, maxTokens: readMaxTokens(body, promptTokens, llama) });
  onServed(reply);
  const context: ChatContext = { id: `chatcmpl-${createLlamaId()}`, model: llama.model, reply, thinkingInContent: body['reasoning_format'] === 'none' };
  return body['stream'] === true ? planChatStream(context, wantsUsageEvent(body), llama.origin) : planChatWhole(context, llama.origin);
}
