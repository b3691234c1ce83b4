import type { StreamTranslator, TranslateContext } from '../../core/adapter.js';
import type { Completion, FinishReason } from '../../core/openai-types.js';
import { createStreamTranslator, readIncludeUsage } from './create-stream-translator.js';
import { mapDoneReason } from './map-done-reason.js';
import { readReplyText } from './read-reply.js';

/**
 * Translates a streamed `/api/generate` body into `text_completion` chunks: one per line
 * with text, then one with empty text and `finish_reason`, then (with
 * `stream_options.include_usage`) a usage chunk with `choices: []`. Thinking text has no
 * place in a legacy completion and is left out.
 */
export function translateCompletionStream(body: unknown, context: TranslateContext): StreamTranslator<Completion> {
  const includeUsage = readIncludeUsage(body);

  const createChunk = (created: number, text: string, finishReason: FinishReason | null): Completion => ({
    id: context.responseId,
    object: 'text_completion',
    created,
    model: context.publicModel,
    choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  return createStreamTranslator<Completion>(
    {
      translateLine(reply, created) {
        const text = readReplyText(reply);
        return text === '' ? [] : [createChunk(created, text, null)];
      },
      finish(reply, created, usage) {
        const finishChunk = createChunk(created, '', mapDoneReason(reply.done_reason, false));
        if (!includeUsage) {
          return [finishChunk];
        }
        const usageChunk: Completion = {
          id: context.responseId,
          object: 'text_completion',
          created,
          model: context.publicModel,
          choices: [],
          usage,
        };
        return [finishChunk, usageChunk];
      },
    },
    context,
  );
}
