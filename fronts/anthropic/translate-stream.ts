/**
 * A streamed chat-completions answer as Anthropic's event stream:
 *
 *   message_start, ping, (content_block_start, content_block_delta…, content_block_stop)…,
 *   message_delta, message_stop
 *
 * `message_start` goes out with the first chunk so the client sees the message at once.
 * Anthropic puts the input token count in it, but chat completions reports usage only in
 * its last chunk, so `message_start` says 0 and `message_delta` carries the real
 * `input_tokens` and `output_tokens` (Anthropic's SDK takes both from it).
 *
 * `message_delta` waits for both the finish reason and the usage chunk (`toChat` asks for
 * it); `end()` sends whatever is missing, so a stream without a finish reason ends as
 * `end_turn` and one without usage reports 0 tokens. An error after the start is one
 * `error` event, Anthropic's way of failing a stream that already began.
 */
import type { FrontContext, FrontStream } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { ChatCompletionChunk, Usage } from '../../core/openai-types.js';
import type { Message } from './anthropic-types.js';
import { createBlockWriter } from './create-block-writer.js';
import { formatSseEvent } from './format-sse-event.js';
import { mapFinishReason } from './map-finish-reason.js';
import { renderErrorBody } from './render-error.js';

export function translateStream(context: FrontContext): FrontStream {
  const blocks = createBlockWriter(context.responseId);
  let started = false;
  let ended = false;
  // undefined until a chunk says why it finished; null is never stored.
  let finishReason: string | undefined;
  let usage: Usage | undefined;

  function start(): string[] {
    if (started) {
      return [];
    }
    started = true;
    const message: Message = {
      id: context.responseId,
      type: 'message',
      role: 'assistant',
      model: context.publicModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return [formatSseEvent({ type: 'message_start', message }), formatSseEvent({ type: 'ping' })];
  }

  function finish(): string[] {
    ended = true;
    const delta = { stop_reason: mapFinishReason(finishReason, blocks.calledTools), stop_sequence: null };
    const counts = { input_tokens: usage?.prompt_tokens ?? 0, output_tokens: usage?.completion_tokens ?? 0 };
    return [
      ...blocks.close(),
      formatSseEvent({ type: 'message_delta', delta, usage: counts }),
      formatSseEvent({ type: 'message_stop' }),
    ];
  }

  function translateChoice(choice: ChatCompletionChunk['choices'][number]): string[] {
    const events: string[] = [];
    const { reasoning_content: reasoning, content, tool_calls: toolCalls } = choice.delta;
    if (typeof reasoning === 'string' && reasoning !== '') {
      events.push(...blocks.appendThinking(reasoning));
    }
    if (typeof content === 'string' && content !== '') {
      events.push(...blocks.appendText(content));
    }
    for (const call of toolCalls ?? []) {
      events.push(...blocks.appendToolCall(call));
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      finishReason = choice.finish_reason;
      // The last block is complete; stopping it now lets the client show it before usage comes.
      events.push(...blocks.close());
    }
    return events;
  }

  return {
    push(chunk) {
      if (ended) {
        return [];
      }
      const events = start();
      // An Anthropic request never asks for several choices; only the first is an answer.
      const choice = chunk.choices.find((candidate) => candidate.index === 0);
      if (choice !== undefined) {
        events.push(...translateChoice(choice));
      }
      if (chunk.usage !== undefined && chunk.usage !== null) {
        usage = chunk.usage;
      }
      if (finishReason !== undefined && usage !== undefined) {
        events.push(...finish());
      }
      return events;
    },
    end() {
      return ended ? [] : [...start(), ...finish()];
    },
    fail(error: GatewayError) {
      if (ended) {
        return [];
      }
      ended = true;
      return [formatSseEvent(renderErrorBody(error))];
    },
  };
}
