import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';
import { buildPrompt, needsChatEndpoint } from './build-prompt.js';
import { mapLogprobsRequest } from './map-logprobs.js';
import { mapOptions } from './map-options.js';
import { mapResponseFormat } from './map-response-format.js';
import { mapThink } from './map-think.js';
import type { OllamaChatRequest } from './ollama-request-schemas.js';
import { addSystemInstruction, planToolChoice } from './plan-tool-choice.js';
import { rejectSeveralChoices } from './reject-several-choices.js';
import { translateChatMessages } from './translate-chat-messages.js';

/** Which Ollama endpoint chat requests use by default (`ollama_api` in the config). */
export type OllamaApi = 'generate' | 'chat';

/**
 * A chat completion request as an Ollama call. On a `generate` connection the messages
 * become a prompt for `/api/generate`, unless the conversation needs `/api/chat` (tools,
 * tool history, no user or assistant message); on a `chat` connection they are sent as
 * native messages. Ollama streams by default, so `stream` is always sent explicitly.
 * `tool_choice`, which Ollama ignores, decides which tools are offered and whether the
 * system prompt asks for a call (see plan-tool-choice.ts).
 */
export function translateChatRequest(request: OllamaChatRequest, context: TranslateContext, ollamaApi: OllamaApi): UpstreamCall {
  rejectSeveralChoices(request.n);
  const { tools, instruction } = planToolChoice(request.tools, request.tool_choice);
  const messages = addSystemInstruction(request.messages, instruction);
  const shared = buildSharedFields(request);
  if (ollamaApi === 'chat' || needsChatEndpoint(messages, tools !== undefined)) {
    return {
      method: 'POST',
      path: '/api/chat',
      body: {
        model: context.upstreamModel,
        messages: translateChatMessages(messages),
        ...(tools === undefined ? {} : { tools }),
        ...shared,
      },
    };
  }
  const { prompt, system, images } = buildPrompt(messages);
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
function buildSharedFields(request: OllamaChatRequest): Record<string, unknown> {
  const format = mapResponseFormat(request.response_format);
  const options = mapOptions(request);
  const think = mapThink(request.think, request.reasoning_effort);
  return {
    stream: request.stream === true,
    ...(format === undefined ? {} : { format }),
    ...(options === undefined ? {} : { options }),
    ...(request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
    ...(think === undefined ? {} : { think }),
    ...mapLogprobsRequest(request.logprobs, request.top_logprobs),
  };
}
