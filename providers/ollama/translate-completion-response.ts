import type { TranslateContext } from '../../core/adapter.js';
import type { Completion, Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { mapDoneReason } from './map-done-reason.js';
import { readReply, readReplyCreated, readReplyText, readReplyUsage } from './read-reply.js';

/** A whole (`stream: false`) `/api/generate` reply as a `text_completion`. */
export function translateCompletionResponse(body: unknown, context: TranslateContext): { response: Completion; usage: Usage } {
  const reply = readReply(body);
  if (!reply.done) {
    throw upstreamError('Ollama answered with an unfinished reply to a request that was not streamed.', 'bad_response');
  }
  const usage = readReplyUsage(reply);
  const response: Completion = {
    id: context.responseId,
    object: 'text_completion',
    created: readReplyCreated(reply, context.now),
    model: context.publicModel,
    choices: [{ index: 0, text: readReplyText(reply), logprobs: null, finish_reason: mapDoneReason(reply.done_reason, false) }],
    usage,
  };
  return { response, usage };
}
