import type { StreamTranslator, TranslateContext } from '../../core/adapter.js';
import type { ChatCompletionChunk, FinishReason, Usage } from '../../core/openai-types.js';
import { createStreamTranslator, readIncludeUsage } from './create-stream-translator.js';
import { mapDoneReason } from './map-done-reason.js';
import { readReplyText, readReplyThinking, readReplyToolCalls } from './read-reply.js';
import { translateToolCalls } from './translate-tool-calls.js';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/**
 * Translates a streamed `/api/chat` or `/api/generate` body, one parsed NDJSON line at a
 * time, into `chat.completion.chunk` objects shaped like OpenAI's:
 *
 * - every chunk has the same `id` and `created`; the first carries `delta.role`;
 * - text as `delta.content`, thinking as `delta.reasoning_content`;
 * - each tool call as a `delta.tool_calls` entry with its own `index`, an id, its name and
 *   its whole arguments string (Ollama reports a call whole, never in pieces);
 * - a last chunk with an empty delta and `finish_reason` (`tool_calls` if any chunk
 *   carried one);
 * - with `stream_options.include_usage`, a usage chunk with `choices: []` after it, and
 *   `usage: null` on every other chunk, as OpenAI does.
 */
export function translateChatStream(body: unknown, context: TranslateContext): StreamTranslator<ChatCompletionChunk> {
  const includeUsage = readIncludeUsage(body);
  let sentRole = false;
  let toolCallCount = 0;

  const createChunk = (created: number, delta: Delta, finishReason: FinishReason | null): ChatCompletionChunk => ({
    id: context.responseId,
    object: 'chat.completion.chunk',
    created,
    model: context.publicModel,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  return createStreamTranslator<ChatCompletionChunk>(
    {
      translateLine(reply, created) {
        const delta: Delta = {};
        if (!sentRole) {
          delta.role = 'assistant';
          delta.content = '';
          sentRole = true;
        }
        const text = readReplyText(reply);
        if (text !== '') {
          delta.content = text;
        }
        const thinking = readReplyThinking(reply);
        if (thinking !== '') {
          delta.reasoning_content = thinking;
        }
        const toolCalls = translateToolCalls(readReplyToolCalls(reply));
        if (toolCalls.length > 0) {
          delta.tool_calls = toolCalls.map((call) => ({ index: toolCallCount++, ...call }));
        }
        return Object.keys(delta).length > 0 ? [createChunk(created, delta, null)] : [];
      },
      finish(reply, created, usage) {
        const finishChunk = createChunk(created, {}, mapDoneReason(reply.done_reason, toolCallCount > 0));
        return includeUsage ? [finishChunk, createUsageChunk(created, usage)] : [finishChunk];
      },
    },
    context,
  );

  function createUsageChunk(created: number, usage: Usage): ChatCompletionChunk {
    return { id: context.responseId, object: 'chat.completion.chunk', created, model: context.publicModel, choices: [], usage };
  }
}
