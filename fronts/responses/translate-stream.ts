/**
 * A streamed chat completion as a Responses event stream: `response.created` and
 * `response.in_progress` first, then each output item from `output_item.added` to
 * `output_item.done`, then `response.completed` (or `response.incomplete`) with the whole
 * Response object and its usage. One item is open at a time: a delta of another kind (text
 * after reasoning, a tool call after text, the next tool call) finishes the open one, as
 * OpenAI's own streams do. A stream that breaks after it started ends in
 * `response.failed`, the terminal event clients such as Codex wait for.
 */
import type { FrontContext, FrontStream } from '../../core/front-door.js';
import type { ChatCompletionChunk, FinishReason, ToolCallDelta, Usage } from '../../core/openai-types.js';
import { upstreamError, type GatewayError } from '../../core/gateway-error.js';
import { buildResponse, type Outcome } from './build-response.js';
import { createEventWriter } from './create-event-writer.js';
import { createCallId, createItemId } from './create-item-id.js';
import { mapFinishReason } from './map-finish-reason.js';
import { openFunctionCall, openMessage, openReasoning, type StreamedFunctionCall, type StreamedItem } from './open-streamed-item.js';
import type { ResponsesRequest } from './request-schema.js';
import type { OutputItem, ResponseObject } from './responses-types.js';
import { translateUsage } from './translate-usage.js';

/** A Responses stream, which also hands over the final Response object (for storing). */
export interface ResponsesStream extends FrontStream {
  /** The Response object the stream ended with (completed, incomplete or failed); undefined until then. */
  result(): ResponseObject | undefined;
}

type OpenItem =
  | { kind: 'reasoning' | 'message'; item: StreamedItem }
  | { kind: 'function_call'; toolIndex: number; item: StreamedFunctionCall };

export function translateStream(request: ResponsesRequest, context: FrontContext): ResponsesStream {
  const writer = createEventWriter();
  // Frames not yet handed out. A chunk that throws leaves its frames here, for `fail` to
  // send before `response.failed`, so no sequence number goes missing.
  const outbox: string[] = [];
  const finished: OutputItem[] = [];
  const toolIndexes = new Set<number>();
  let open: OpenItem | undefined;
  let started = false;
  let finishReason: FinishReason | null = null;
  let usage: Usage | undefined;
  let final: ResponseObject | undefined;

  const respond = (outcome: Outcome) => buildResponse(request, context, outcome);
  const itemId = (kind: 'msg' | 'rs' | 'fc') => createItemId(kind, context.responseId, finished.length);
  const drain = () => outbox.splice(0);

  function begin(): void {
    if (started) return;
    started = true;
    const response = respond({ status: 'in_progress', output: [], usage: null });
    outbox.push(writer.write({ type: 'response.created', response }), writer.write({ type: 'response.in_progress', response }));
  }

  function finishOpen(status: 'completed' | 'incomplete'): void {
    if (!open) return;
    outbox.push(...open.item.finish(status));
    finished.push(open.item.snapshot(status));
    open = undefined;
  }

  function appendText(kind: 'reasoning' | 'message', delta: string): void {
    if (open?.kind !== kind) {
      finishOpen('completed');
      const opened = kind === 'message' ? openMessage(writer, itemId('msg'), finished.length) : openReasoning(writer, itemId('rs'), finished.length);
      open = { kind, item: opened.item };
      outbox.push(...opened.frames);
    }
    outbox.push(...open.item.append(delta));
  }

  function appendToolCall(call: ToolCallDelta): void {
    if (open?.kind !== 'function_call' || open.toolIndex !== call.index) {
      if (toolIndexes.has(call.index)) {
        throw upstreamError(`The upstream stream continued tool call ${call.index} after another output had begun.`, 'bad_response');
      }
      toolIndexes.add(call.index);
      finishOpen('completed');
      const callId = call.id ? call.id : createCallId(context.responseId, finished.length);
      const opened = openFunctionCall(writer, itemId('fc'), finished.length, { call_id: callId, name: call.function.name ?? '' });
      open = { kind: 'function_call', toolIndex: call.index, item: opened.item };
      outbox.push(...opened.frames);
    } else if (call.function.name) {
      open.item.setName(call.function.name);
    }
    if (call.function.arguments) outbox.push(...open.item.append(call.function.arguments));
  }

  function translateChunk(chunk: ChatCompletionChunk): void {
    if (chunk.usage) usage = chunk.usage;
    // Only the first choice is answered: a Responses request cannot ask for several.
    const choice = chunk.choices.find((candidate) => candidate.index === 0);
    if (!choice) return;
    if (choice.delta.reasoning_content) appendText('reasoning', choice.delta.reasoning_content);
    if (choice.delta.content) appendText('message', choice.delta.content);
    for (const call of choice.delta.tool_calls ?? []) appendToolCall(call);
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }

  function finishEmpty(status: 'completed' | 'incomplete'): void {
    // An answer with no output still has its (empty) message, as a whole answer does.
    const opened = openMessage(writer, itemId('msg'), 0);
    open = { kind: 'message', item: opened.item };
    outbox.push(...opened.frames);
    finishOpen(status);
  }

  return {
    push(chunk) {
      if (final) return [];
      begin();
      translateChunk(chunk);
      return drain();
    },
    end() {
      if (final) return [];
      const ending = mapFinishReason(finishReason);
      begin();
      finishOpen(ending.status);
      if (finished.length === 0) finishEmpty(ending.status);
      final = respond({ ...ending, output: [...finished], usage: translateUsage(usage) });
      outbox.push(writer.write({ type: final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final }));
      return drain();
    },
    fail(error: GatewayError) {
      if (final) return [];
      begin();
      const output = open ? [...finished, open.item.snapshot('incomplete')] : [...finished];
      open = undefined;
      final = respond({ status: 'failed', output, usage: translateUsage(usage), error: { code: error.code, message: error.message } });
      outbox.push(writer.write({ type: 'response.failed', response: final }));
      return drain();
    },
    result() {
      return final;
    },
  };
}
