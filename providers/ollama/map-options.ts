import type { OllamaChatRequest } from './ollama-request-schemas.js';

/** The sampling fields chat and legacy completion requests share. */
export type SamplingFields = Pick<
  OllamaChatRequest,
  'max_tokens' | 'temperature' | 'top_p' | 'stop' | 'seed' | 'frequency_penalty' | 'presence_penalty' | 'options'
> & { max_completion_tokens?: number | null | undefined };

/**
 * OpenAI sampling fields as Ollama `options`, merged over the client's own `options`
 * (Ollama knobs such as `num_ctx`). Precedence: an OpenAI field the request sets wins
 * over the same key in `options`, since it is the documented way to set it; `options`
 * keys OpenAI has no field for (`num_ctx`, `top_k`, `repeat_penalty` ...) pass as they
 * are. Fields left unset are not sent, so the model's own Modelfile defaults apply.
 * Returns undefined when there is nothing to send.
 */
export function mapOptions(request: SamplingFields): Record<string, unknown> | undefined {
  const mapped: Record<string, unknown> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens !== null && maxTokens !== undefined) {
    mapped.num_predict = maxTokens;
  }
  const direct = {
    temperature: request.temperature,
    top_p: request.top_p,
    seed: request.seed,
    frequency_penalty: request.frequency_penalty,
    presence_penalty: request.presence_penalty,
  };
  for (const [name, value] of Object.entries(direct)) {
    if (value !== null && value !== undefined) {
      mapped[name] = value;
    }
  }
  const stop = mapStop(request.stop);
  if (stop !== undefined) {
    mapped.stop = stop;
  }
  const merged = { ...request.options, ...mapped };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** OpenAI takes one stop string or a list; Ollama always a list. */
function mapStop(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop === null || stop === undefined) {
    return undefined;
  }
  const list = typeof stop === 'string' ? [stop] : stop;
  return list.length > 0 ? list : undefined;
}
