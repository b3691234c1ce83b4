import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';
import { chatCompletionRequestSchema, type ChatCompletionRequest } from '../../core/openai-types.js';
import { buildPrompt, needsChatEndpoint } from './build-prompt.js';
import { mapOptions } from './map-options.js';
import { mapResponseFormat } from './map-response-format.js';
import { mapThink } from './map-think.js';
import { parseRequest } from './parse-request.js';
import { rejectSeveralChoices } from './reject-several-choices.js';
import { translateChatMessages } from './translate-chat-messages.js';

/** Which Ollama endpoint chat requests use by default (`ollama_api` in the config). */
export type OllamaApi = 'generate' | 'chat';

/**
 * A chat completion request as an Ollama call. On a `generate` connection the messages
 * become a prompt for `/api/generate`, unless the conversation needs `/api/chat` (tools,
 * tool history, no user or assistant message); on a `chat` connection they are sent as
 * native messages. Ollama streams by default, so `stream` is always sent explicitly.
 */
export function translateChatRequest(body: unknown, context: TranslateContext, ollamaApi: OllamaApi): UpstreamCall {
  const request = parseRequest(chatCompletionRequestSchema, body);
  rejectSeveralChoices(request.n);
  // tool_choice "none" means the model must not call tools, so they are not offered;
  // Ollama has no way to force a call, so "required" and named choices are left to the model.
  const tools = request.tool_choice === 'none' || request.tools === undefined || request.tools.length === 0 ? undefined : request.tools;
  const shared = buildSharedFields(request);
  if (ollamaApi === 'chat' || needsChatEndpoint(request.messages, tools !== undefined)) {
    return {
      method: 'POST',
      path: '/api/chat',
      body: {
        model: context.upstreamModel,
        messages: translateChatMessages(request.messages),
        ...(tools === undefined ? {} : { tools }),
        ...shared,
      },
    };
  }
  const { prompt, system, images } = buildPrompt(request.messages);
  return {
    method: 'POST',
    path: '/api/generate',
    body: {
      model: context.upstreamModel,
      prompt,
      ...(system === undefined ? {} : { system }),
      ...(images.length > 0 ? { images } : {}),
      ...shared,
    },
  };
}

/** Fields `/api/chat` and `/api/generate` take alike. */
function buildSharedFields(request: ChatCompletionRequest): Record<string, unknown> {
  const format = mapResponseFormat(request.response_format);
  const options = mapOptions(request);
  const think = mapThink(request.think, request.reasoning_effort);
  return {
    stream: request.stream === true,
    ...(format === undefined ? {} : { format }),
    ...(options === undefined ? {} : { options }),
    ...(request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
    ...(think === undefined ? {} : { think }),
  };
}
