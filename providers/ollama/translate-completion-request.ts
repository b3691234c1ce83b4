import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';
import { invalidRequest } from '../../core/gateway-error.js';
import { mapOptions } from './map-options.js';
import { mapThink } from './map-think.js';
import type { OllamaCompletionRequest } from './ollama-request-schemas.js';
import { rejectSeveralChoices } from './reject-several-choices.js';

/**
 * A legacy completion request as an `/api/generate` call. As in Ollama's own OpenAI layer,
 * the prompt goes through the model's template (so `suffix` works for fill-in-the-middle
 * models); a client that wants the bare text continued sends Ollama's `raw: true`, which
 * is passed on. `echo` is refused: the prompt is not part of Ollama's answer.
 */
export function translateCompletionRequest(request: OllamaCompletionRequest, context: TranslateContext): UpstreamCall {
  rejectSeveralChoices(request.n);
  if (request.echo === true) {
    throw invalidRequest('echo', "'echo' is not supported for Ollama models.");
  }
  const raw = request.raw;
  const options = mapOptions(request);
  const think = mapThink(request.think, request.reasoning_effort);
  return {
    method: 'POST',
    path: '/api/generate',
    body: {
      model: context.upstreamModel,
      prompt: typeof request.prompt === 'string' ? request.prompt : request.prompt[0],
      ...(request.suffix === null || request.suffix === undefined ? {} : { suffix: request.suffix }),
      ...(raw === undefined ? {} : { raw }),
      stream: request.stream === true,
      ...(options === undefined ? {} : { options }),
      ...(request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
      ...(think === undefined ? {} : { think }),
    },
  };
}
