/**
 * POST /v1/chat/completions of the stand-in vLLM. Streams exactly as vLLM does: a first
 * chunk with the role and empty content, one chunk per word, a finish chunk (or the finish
 * reason on the last word when cut by max_tokens), then, when asked for, a usage chunk
 * with `choices: []`, then `data: [DONE]`. Tool calls stream as hermes-style deltas.
 */
import { createVllmId, planOpenAIJson, planSseStream, SSE_DONE, sseFrame } from './openai-answers.js';
import * as request from './openai-request.js';
import { dumpPythonJson } from './python-text.js';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { planReply, splitIntoWords, type PlannedReply, type ReplyMessage, type ReplyRequest, type ReplyTool } from './stand-in-reply.js';

interface ChatContext {
  id: string;
  created: number;
  model: string;
  reply: PlannedReply;
  /** `tool_calls` for auto/required tool choice, `stop` for a named tool, as vLLM reports. */
  toolFinishReason: 'tool_calls' | 'stop';
}

function readMessages(body: request.OpenAIBody): ReplyMessage[] {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  return messages.map((entry) => {
    const message = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return { role: String(message['role'] ?? ''), text: request.readContentText(message['content']) };
  });
}

function readTools(body: request.OpenAIBody): ReplyTool[] {
  const choice = body['tool_choice'];
  if (choice === 'none') return [];
  const tools = (Array.isArray(body['tools']) ? (body['tools'] as unknown[]) : []).flatMap((tool) => {
    const definition = (tool as { function?: { name?: unknown; parameters?: unknown } } | null)?.function;
    return typeof definition?.name === 'string' ? [{ name: definition.name, parameters: definition.parameters }] : [];
  });
  const named = (choice as { function?: { name?: unknown } } | null)?.function?.name;
  return typeof named === 'string' ? tools.filter((tool) => tool.name === named) : tools;
}

function readFormat(body: request.OpenAIBody): ReplyRequest['format'] {
  const format = body['response_format'] as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  if (format?.type === 'json_object') return 'json';
  if (format?.type === 'json_schema' && typeof format.json_schema?.schema === 'object' && format.json_schema.schema !== null) {
    return format.json_schema.schema as Record<string, unknown>;
  }
  return undefined;
}

function buildChunk(context: ChatContext, delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  const choice: Record<string, unknown> = { index: 0, delta, logprobs: null, finish_reason: finishReason };
  if (finishReason !== null) choice['stop_reason'] = null;
  return { id: context.id, object: 'chat.completion.chunk', created: context.created, model: context.model, choices: [choice] };
}

function planChatStream(context: ChatContext, includeUsage: boolean): PlannedResponse {
  const { reply } = context;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => sseFrame(() => buildChunk(context, delta, finishReason));
  const opening: FrameSource[] = [chunk({ role: 'assistant', content: '' }), ...reply.thinking.map((piece) => chunk({ reasoning_content: piece }))];
  const closing: FrameSource[] = [];
  if (reply.toolCall !== undefined) {
    const call = reply.toolCall;
    opening.push(chunk({ tool_calls: [{ id: createVllmId('chatcmpl-tool-'), type: 'function', index: 0, function: { name: call.name } }] }));
    for (const piece of splitIntoWords(dumpPythonJson(call.arguments))) opening.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    closing.push(chunk({}, context.toolFinishReason));
  } else if (reply.doneReason === 'length' && reply.content.length > 0) {
    opening.push(...reply.content.slice(0, -1).map((piece) => chunk({ content: piece })));
    closing.push(chunk({ content: reply.content[reply.content.length - 1] ?? '' }, 'length'));
  } else {
    opening.push(...reply.content.map((piece) => chunk({ content: piece })));
    closing.push(chunk({ content: '' }, reply.doneReason));
  }
  if (includeUsage) {
    const usage = request.buildUsage(reply.promptTokens, reply.completionTokens);
    delete usage['prompt_tokens_details'];
    closing.push(sseFrame(() => ({ id: context.id, object: 'chat.completion.chunk', created: context.created, model: context.model, choices: [], usage })));
  }
  closing.push(SSE_DONE);
  return planSseStream([...opening, ...closing], closing.length, chunk({ content: ' more' }));
}

function planChatWhole(context: ChatContext): PlannedResponse {
  const { reply } = context;
  const call = reply.toolCall;
  const message = {
    role: 'assistant',
    content: call === undefined ? reply.content.join('') : null,
    refusal: null,
    annotations: null,
    audio: null,
    function_call: null,
    tool_calls:
      call === undefined
        ? []
        : [{ id: createVllmId('chatcmpl-tool-'), type: 'function', function: { name: call.name, arguments: dumpPythonJson(call.arguments) } }],
    reasoning_content: reply.thinking.length > 0 ? reply.thinking.join('') : null,
  };
  const finishReason = call === undefined ? reply.doneReason : context.toolFinishReason;
  return planOpenAIJson(200, {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason, stop_reason: null, token_ids: null }],
    service_tier: null,
    system_fingerprint: null,
    usage: request.buildUsage(reply.promptTokens, reply.completionTokens),
    prompt_logprobs: null,
    prompt_token_ids: null,
    kv_transfer_params: null,
  });
}

/** Plans the answer to POST /v1/chat/completions. */
export function planOpenAIChat(exchange: Exchange, maxModelLength: number): PlannedResponse {
  const decoded = request.decodeOpenAIBody(exchange, ['messages']);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const model = request.resolveOpenAIModel(body, exchange.models);
  if (!model.ok) return model.answer;
  const messages = readMessages(body);
  const replyRequest: ReplyRequest = {
    messages,
    tools: readTools(body),
    think: /qwen3|-r1|reason|think/i.test(model.value),
    format: readFormat(body),
    includeMultibyteText: exchange.scenario === 'split-lines',
  };
  const maxTokens = request.resolveMaxTokens(body, planReply(replyRequest).promptTokens, maxModelLength);
  if (!maxTokens.ok) return maxTokens.answer;
  const reply = planReply({ ...replyRequest, maxTokens: maxTokens.value });
  const namedTool = typeof body['tool_choice'] === 'object' && body['tool_choice'] !== null;
  const context: ChatContext = {
    id: createVllmId('chatcmpl-'),
    created: Math.floor(Date.now() / 1000),
    model: model.value,
    reply,
    toolFinishReason: namedTool ? 'stop' : 'tool_calls',
  };
  return body['stream'] === true ? planChatStream(context, request.wantsUsageChunk(body)) : planChatWhole(context);
}
