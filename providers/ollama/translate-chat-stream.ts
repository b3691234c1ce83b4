import type { StreamTranslator, TranslateContext } from '../../core/adapter.js';
import type { ChatCompletionChunk, ChoiceLogprobs, FinishReason, Usage } from '../../core/openai-types.js';
import { createStreamTranslator, readIncludeUsage } from './create-stream-translator.js';
import { mapDoneReason } from './map-done-reason.js';
import { mapLogprobs } from './map-logprobs.js';
import { missedToolChoice, readToolChoicePlan } from './plan-tool-choice.js';
import { readReplyText, readReplyThinking, readReplyToolCalls } from './read-reply.js';
import type { TranslationNotes } from '../../core/adapter.js';
import { translateToolCalls } from './translate-tool-calls.js';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** A chat stream translator that also reports what it noticed, once the stream has ended. */
export type ChatStreamTranslator = StreamTranslator<ChatCompletionChunk> & { readonly notes: TranslationNotes };

/**
 * Translates a streamed `/api/chat` or `/api/generate` body, one parsed NDJSON line at a
 * time, into `chat.completion.chunk` objects shaped like OpenAI's:
 *
 * - every chunk has the same `id` and `created`; the first carries `delta.role`;
 * - text as `delta.content`, thinking as `delta.reasoning_content`;
 * - each tool call as a `delta.tool_calls` entry with its own `index`, an id, its name and
 *   its whole arguments string (Ollama reports a call whole, never in pieces);
 * - a line's log probabilities (with `logprobs: true`) as that chunk's `logprobs`;
 * - a last chunk with an empty delta and `finish_reason` (`tool_calls` if any chunk
 *   carried one);
 * - with `stream_options.include_usage`, a usage chunk with `choices: []` after it, and
 *   `usage: null` on every other chunk, as OpenAI does.
 *
 * `notes.toolChoiceMissed` tells, once the `done` line came, whether a call that
 * `tool_choice` asked for never came.
 */
export function translateChatStream(body: unknown, context: TranslateContext): ChatStreamTranslator {
  const includeUsage = readIncludeUsage(body);
  const toolChoice = readToolChoicePlan(body);
  const calledNames: string[] = [];
  let sentRole = false;
  let finished = false;

  const createChunk = (created: number, delta: Delta, finishReason: FinishReason | null, logprobs: ChoiceLogprobs | null = null): ChatCompletionChunk => ({
    id: context.responseId,
    object: 'chat.completion.chunk',
    created,
    model: context.publicModel,
    choices: [{ index: 0, delta, logprobs, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  const translator = createStreamTranslator<ChatCompletionChunk>(
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
          delta.tool_calls = toolCalls.map((call) => {
            calledNames.push(call.function.name);
            return { index: calledNames.length - 1, ...call };
          });
        }
        const logprobs = mapLogprobs(reply.logprobs);
        return Object.keys(delta).length > 0 || logprobs !== null ? [createChunk(created, delta, null, logprobs)] : [];
      },
      finish(reply, created, usage) {
        finished = true;
        const finishChunk = createChunk(created, {}, mapDoneReason(reply.done_reason, calledNames.length > 0));
        return includeUsage ? [finishChunk, createUsageChunk(created, usage)] : [finishChunk];
      },
    },
    context,
  );

  function createUsageChunk(created: number, usage: Usage): ChatCompletionChunk {
    return { id: context.responseId, object: 'chat.completion.chunk', created, model: context.publicModel, choices: [], usage };
  }

  return {
    push: (frame) => translator.push(frame),
    end: () => translator.end(),
    get usage() {
      return translator.usage;
    },
    get notes(): TranslationNotes {
      return { toolChoiceMissed: finished && missedToolChoice(toolChoice, calledNames) };
    },
  };
}
