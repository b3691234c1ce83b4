/**
 * Ollama's `options` as chat-completions fields. The ones OpenAI has a field for become
 * that field: `num_predict` → `max_tokens` (only when positive: -1 "no limit" and -2 "fill
 * the context" have no OpenAI spelling), `temperature`, `top_p`, `seed`, `stop`,
 * `frequency_penalty`, `presence_penalty`.
 *
 * Every other key stays in `options`, which an Ollama connection reads as Ollama would.
 * The sampling knobs among them are also sent as top-level fields under the same names,
 * which is how llama.cpp's server reads all of them and vLLM reads `top_k` and `min_p`;
 * load-time knobs (`num_ctx`, `num_gpu` ...) mean nothing there and are not copied.
 */
import type { OllamaOptions } from './ollama-requests.js';

/** Chat-completions fields, `options` for Ollama connections, and top-level knobs. */
export interface MappedOptions {
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string[];
  frequency_penalty?: number;
  presence_penalty?: number;
  options?: Record<string, unknown>;
  [knob: string]: unknown;
}

/** Options OpenAI names the same way, and so are read as such. */
const directFields = ['temperature', 'top_p', 'seed', 'frequency_penalty', 'presence_penalty'] as const;

/** Sampling knobs that OpenAI-compatible local servers take at the top level, by Ollama's names. */
const topLevelKnobs = new Set(['top_k', 'min_p', 'typical_p', 'repeat_penalty', 'repeat_last_n', 'mirostat', 'mirostat_tau', 'mirostat_eta', 'tfs_z']);

export function mapOptions(options: OllamaOptions | null | undefined): MappedOptions {
  if (options === null || options === undefined) {
    return {};
  }
  const mapped: MappedOptions = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (key === 'num_predict' && typeof value === 'number' && value > 0) {
      mapped.max_tokens = value;
    } else if ((directFields as readonly string[]).includes(key)) {
      mapped[key] = value;
    } else if (key === 'stop') {
      const stop = typeof value === 'string' ? [value] : (value as string[]);
      if (stop.length > 0) mapped.stop = stop;
    } else {
      rest[key] = value;
      if (topLevelKnobs.has(key)) mapped[key] = value;
    }
  }
  return Object.keys(rest).length > 0 ? { ...mapped, options: rest } : mapped;
}
