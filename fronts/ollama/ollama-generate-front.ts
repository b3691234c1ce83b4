/**
 * `POST /api/generate` as a front door: a prompt (with `system` and `images`) as a chat
 * completion of a system and a user message, and the answer back as Ollama's generate
 * reply, with `response` where chat has `message`.
 *
 * Translated as in chat: `format`, `options`, `think`, `keep_alive`, `stream`. Ignored,
 * because chat completions cannot express them: `suffix` (fill-in-the-middle: the model
 * continues the prompt without seeing the suffix), `template` and `raw` (the backend's
 * own chat template always applies, so a prompt templated by the client is templated
 * twice), `context` (token ids from an earlier answer; conversations go through
 * `/api/chat`). The final line has no `context` either, as with `raw` in Ollama: the
 * gateway has no token ids to give, and Ollama's docs mark the field deprecated.
 */
import type { FrontContext, FrontStream } from '../../core/front-door.js';
import type { ChatCompletion, ChatCompletionRequest, ChatMessage, ContentPart } from '../../core/openai-types.js';
import { answerGenerateLoadOnly, buildLoadOnlyChat, isGenerateLoadOnly } from './answer-load-only.js';
import { buildMetrics } from './build-metrics.js';
import { createOllamaStream } from './create-ollama-stream.js';
import { formatOllamaTime } from './format-ollama-time.js';
import { toImageDataUrl } from './image-data-url.js';
import { mapDoneReason } from './map-done-reason.js';
import { mapFormat } from './map-format.js';
import { mapOptions } from './map-options.js';
import { mapThink } from './map-think.js';
import { ndjsonContentType, type OllamaFrontDoor } from './ollama-front-door.js';
import { ollamaGenerateRequestSchema, wantsStream, type OllamaGenerateRequest } from './ollama-requests.js';
import type { OllamaGenerateLine, OllamaGenerateResponse } from './ollama-responses.js';
import { readReasoning } from './read-reasoning.js';
import { renderOllamaError } from './render-ollama-error.js';

function toChat(request: OllamaGenerateRequest, context: FrontContext): ChatCompletionRequest {
  if (isGenerateLoadOnly(request)) {
    return buildLoadOnlyChat(context.publicModel, request.keep_alive);
  }
  const stream = wantsStream(request);
  const responseFormat = mapFormat(request.format);
  return {
    ...mapOptions(request.options),
    ...mapThink(request.think),
    model: context.publicModel,
    messages: buildMessages(request),
    ...(responseFormat === undefined ? {} : { response_format: responseFormat }),
    ...(request.keep_alive === null || request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

/** `system` (when given) and the prompt with its images as the user's message. */
function buildMessages(request: OllamaGenerateRequest): ChatMessage[] {
  const prompt = request.prompt ?? '';
  const images = request.images ?? [];
  const content: string | ContentPart[] =
    images.length === 0
      ? prompt
      : [{ type: 'text', text: prompt }, ...images.map((image): ContentPart => ({ type: 'image_url', image_url: { url: toImageDataUrl(image) } }))];
  const system: ChatMessage[] = request.system ? [{ role: 'system', content: request.system }] : [];
  return [...system, { role: 'user', content }];
}

function fromChat(response: ChatCompletion, _request: OllamaGenerateRequest, context: FrontContext): OllamaGenerateResponse {
  const choice = response.choices[0];
  const thinking = choice === undefined ? '' : readReasoning(choice.message);
  return {
    model: context.publicModel,
    created_at: formatOllamaTime(response.created),
    response: choice?.message.content ?? '',
    ...(thinking === '' ? {} : { thinking }),
    done: true,
    done_reason: mapDoneReason(choice?.finish_reason),
    ...buildMetrics(response.usage),
  };
}

function stream(_request: OllamaGenerateRequest, context: FrontContext): FrontStream {
  return createOllamaStream<OllamaGenerateLine>(
    {
      progress: (piece, createdAt) => ({
        model: context.publicModel,
        created_at: createdAt,
        response: piece.content,
        ...(piece.thinking === '' ? {} : { thinking: piece.thinking }),
        ...(piece.toolCalls.length > 0 ? { tool_calls: piece.toolCalls } : {}),
        done: false,
      }),
      final: (doneReason, metrics, createdAt) => ({
        model: context.publicModel,
        created_at: createdAt,
        response: '',
        done: true,
        done_reason: doneReason,
        ...metrics,
      }),
    },
    context,
  );
}

export const ollamaGenerateFront: OllamaFrontDoor<OllamaGenerateRequest, OllamaGenerateResponse> = {
  schema: ollamaGenerateRequestSchema,
  streamContentType: ndjsonContentType,
  // A load request is answered with one JSON object even when `stream` is left out.
  isStream: (request) => !isGenerateLoadOnly(request) && wantsStream(request),
  isLoadOnly: isGenerateLoadOnly,
  answerLoadOnly: answerGenerateLoadOnly,
  toChat,
  fromChat,
  stream,
  renderError: renderOllamaError,
};
