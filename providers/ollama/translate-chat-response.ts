import type { TranslateContext } from '../../core/adapter.js';
import type { ChatCompletion, Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { mapDoneReason } from './map-done-reason.js';
import { mapLogprobs } from './map-logprobs.js';
import type { OllamaChatRequest } from './ollama-request-schemas.js';
import { missedToolChoice, readToolChoicePlan } from './plan-tool-choice.js';
import {
  readReply,
  readReplyCreated,
  readReplyText,
  readReplyThinking,
  readReplyToolCalls,
  readReplyUsage,
} from './read-reply.js';
import type { TranslationNotes } from '../../core/adapter.js';
import { translateToolCalls } from './translate-tool-calls.js';

/**
 * A whole (`stream: false`) `/api/chat` or `/api/generate` reply as a `chat.completion`.
 * Both shapes are read, since a chat request goes to either endpoint. `request` is the
 * client's request, read for what the answer is checked against (`tool_choice`).
 */
export function translateChatResponse(
  body: unknown,
  context: TranslateContext,
  request?: Pick<OllamaChatRequest, 'tools' | 'tool_choice'>,
): { response: ChatCompletion; usage: Usage; notes: TranslationNotes } {
  const reply = readReply(body);
  if (!reply.done) {
    throw upstreamError('Ollama answered with an unfinished reply to a request that was not streamed.', 'bad_response');
  }
  const toolCalls = translateToolCalls(readReplyToolCalls(reply));
  const text = readReplyText(reply);
  const thinking = readReplyThinking(reply);
  const usage = readReplyUsage(reply);
  const response: ChatCompletion = {
    id: context.responseId,
    object: 'chat.completion',
    created: readReplyCreated(reply, context.now),
    model: context.publicModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content with tool calls when the model wrote no text.
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(thinking === '' ? {} : { reasoning_content: thinking }),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: mapLogprobs(reply.logprobs),
        finish_reason: mapDoneReason(reply.done_reason, toolCalls.length > 0),
      },
    ],
    usage,
  };
  const toolChoiceMissed = missedToolChoice(readToolChoicePlan(request), toolCalls.map((call) => call.function.name));
  return { response, usage, notes: { toolChoiceMissed } };
}
