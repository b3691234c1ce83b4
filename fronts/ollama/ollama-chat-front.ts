/**
 * `POST /api/chat` as a front door: Ollama's chat request as chat completions, and the
 * answer back as Ollama's reply, whole or as NDJSON lines.
 *
 * Read and translated: messages (see `translate-messages.ts`), `tools` (the same shape in
 * both APIs), `options` (`map-options.ts`), `format` (`map-format.ts`), `think`
 * (`map-think.ts`), `keep_alive`, `stream` (Ollama streams unless told `false`; a stream
 * asks for usage so the last line has counts). Ignored: `truncate`, `shift`, `logprobs`,
 * `top_logprobs`, which chat completions cannot express or the front cannot answer.
 */
import type { FrontContext, FrontStream } from '../../core/front-door.js';
import type { ChatCompletion, ChatCompletionRequest } from '../../core/openai-types.js';
import { answerChatLoadOnly, buildLoadOnlyChat, isChatLoadOnly } from './answer-load-only.js';
import { buildMetrics } from './build-metrics.js';
import { createOllamaStream } from './create-ollama-stream.js';
import { formatOllamaTime } from './format-ollama-time.js';
import { mapDoneReason } from './map-done-reason.js';
import { mapFormat } from './map-format.js';
import { mapOptions } from './map-options.js';
import { mapThink } from './map-think.js';
import { ndjsonContentType, type OllamaFrontDoor } from './ollama-front-door.js';
import { ollamaChatRequestSchema, wantsStream, type OllamaChatRequest } from './ollama-requests.js';
import type { OllamaAssistantMessage, OllamaChatLine, OllamaChatResponse } from './ollama-responses.js';
import { readReasoning } from './read-reasoning.js';
import { renderOllamaError } from './render-ollama-error.js';
import { toOllamaToolCalls } from './to-ollama-tool-calls.js';
import { translateMessages } from './translate-messages.js';

function toChat(request: OllamaChatRequest, context: FrontContext): ChatCompletionRequest {
  if (isChatLoadOnly(request)) {
    return buildLoadOnlyChat(context.publicModel, request.keep_alive);
  }
  const stream = wantsStream(request);
  const responseFormat = mapFormat(request.format);
  return {
    ...mapOptions(request.options),
    ...mapThink(request.think),
    model: context.publicModel,
    messages: translateMessages(request.messages ?? []),
    ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
    ...(responseFormat === undefined ? {} : { response_format: responseFormat }),
    ...(request.keep_alive === null || request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

function fromChat(response: ChatCompletion, _request: OllamaChatRequest, context: FrontContext): OllamaChatResponse {
  const choice = response.choices[0];
  const toolCalls = toOllamaToolCalls(choice?.message.tool_calls);
  const thinking = choice === undefined ? '' : readReasoning(choice.message);
  const message: OllamaAssistantMessage = {
    role: 'assistant',
    content: choice?.message.content ?? '',
    ...(thinking === '' ? {} : { thinking }),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    model: context.publicModel,
    created_at: formatOllamaTime(response.created),
    message,
    done: true,
    done_reason: mapDoneReason(choice?.finish_reason),
    ...buildMetrics(response.usage),
  };
}

function stream(_request: OllamaChatRequest, context: FrontContext): FrontStream {
  return createOllamaStream<OllamaChatLine>(
    {
      progress: (piece, createdAt) => ({
        model: context.publicModel,
        created_at: createdAt,
        message: {
          role: 'assistant',
          content: piece.content,
          ...(piece.thinking === '' ? {} : { thinking: piece.thinking }),
          ...(piece.toolCalls.length > 0 ? { tool_calls: piece.toolCalls } : {}),
        },
        done: false,
      }),
      final: (doneReason, metrics, createdAt) => ({
        model: context.publicModel,
        created_at: createdAt,
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: doneReason,
        ...metrics,
      }),
    },
    context,
  );
}

export const ollamaChatFront: OllamaFrontDoor<OllamaChatRequest, OllamaChatResponse> = {
  schema: ollamaChatRequestSchema,
  streamContentType: ndjsonContentType,
  // A load request is answered with one JSON object even when `stream` is left out.
  isStream: (request) => !isChatLoadOnly(request) && wantsStream(request),
  isLoadOnly: isChatLoadOnly,
  answerLoadOnly: answerChatLoadOnly,
  toChat,
  fromChat,
  stream,
  renderError: renderOllamaError,
};
