/**
 * Shared pieces of the Anthropic front's stream tests: the request context, builders for
 * the chat-completions chunks the dispatch hands over, and a reader that splits the
 * front's framed output back into named events.
 */
import { expect } from 'vitest';
import type { FrontContext } from '../../../core/front-door.js';
import type { ChatCompletionChunk, FinishReason, Usage } from '../../../core/openai-types.js';

export const context: FrontContext = { publicModel: 'claude-local', responseId: 'msg_test0001', now: 1_700_000_000 };

type Delta = ChatCompletionChunk['choices'][number]['delta'];

export function createChunk(delta: Delta, finishReason: FinishReason | null = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'claude-local',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    usage: null,
  };
}

export function createUsageChunk(usage: Usage): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'claude-local', choices: [], usage };
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Parses framed events, checking the framing on the way: each frame is exactly one
 * `event:` line, one `data:` line of JSON whose `type` is the event name, and a blank line.
 */
export function readEvents(frames: readonly string[]): StreamEvent[] {
  return frames.map((frame) => {
    const match = /^event: ([a-z_]+)\ndata: (.*)\n\n$/.exec(frame);
    expect(match, `frame ${JSON.stringify(frame)}`).not.toBeNull();
    const data = JSON.parse(match?.[2] ?? '') as Record<string, unknown>;
    expect(data.type).toBe(match?.[1]);
    return { event: match?.[1] ?? '', data };
  });
}

/** The event names only, with content_block_* shortened to the block index they touch. */
export function summarize(events: readonly StreamEvent[]): string[] {
  return events.map(({ event, data }) => {
    if (event === 'content_block_delta') {
      const delta = data.delta as { type: string };
      return `delta[${String(data.index)}] ${delta.type}`;
    }
    if (event === 'content_block_start' || event === 'content_block_stop') {
      return `${event.replace('content_block_', '')}[${String(data.index)}]`;
    }
    return event;
  });
}
