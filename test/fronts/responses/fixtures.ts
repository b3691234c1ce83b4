/**
 * Shared inputs for the Responses front tests: a request context, requests parsed by the
 * front's own schema (as the edge would), chat chunks, and SSE frames read back as events.
 */
import type { FrontContext } from '../../../core/front-door.js';
import type { ChatCompletionChunk, ToolCallDelta, Usage } from '../../../core/openai-types.js';
import { responsesRequestSchema, type ResponsesRequest } from '../../../fronts/responses/request-schema.js';

export const context: FrontContext = { publicModel: 'chat', responseId: 'resp_abc123', now: 1_750_000_000 };

export function parseRequest(body: Record<string, unknown>): ResponsesRequest {
  return responsesRequestSchema.parse({ model: 'chat', input: 'Hi', ...body });
}

type Delta = ChatCompletionChunk['choices'][number]['delta'];

export function chunk(delta: Delta, finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model: 'chat',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export function toolChunk(call: ToolCallDelta): ChatCompletionChunk {
  return chunk({ tool_calls: [call] });
}

export function usageChunk(usage: Usage): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_750_000_000, model: 'chat', choices: [], usage };
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

/** Reads frames back strictly: each must be exactly `event: <type>\ndata: <json>\n\n`. */
export function readEvents(frames: readonly string[]): SseEvent[] {
  return frames.map((frame) => {
    const match = /^event: ([^\n]+)\ndata: ([^\n]+)\n\n$/.exec(frame);
    if (!match) {
      throw new Error(`Not one SSE event: ${JSON.stringify(frame)}`);
    }
    return { event: match[1]!, data: JSON.parse(match[2]!) as SseEvent['data'] };
  });
}
