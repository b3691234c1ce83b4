/**
 * Log probabilities both ways: OpenAI's `logprobs` / `top_logprobs` request fields as
 * Ollama's, and the `logprobs` Ollama puts on each reply line as a choice's `logprobs`.
 */
import type { ChoiceLogprobs, TopLogprob } from '../../core/openai-types.js';
import type { OllamaLogprob } from './ollama-types.js';

type OllamaTokenLogprob = Pick<OllamaLogprob, 'token' | 'logprob' | 'bytes'>;

const encoder = new TextEncoder();

/**
 * OpenAI's `logprobs` and `top_logprobs` as Ollama's fields of the same names (Ollama
 * 0.12.11 and later; older servers ignore them). `top_logprobs` counts only with
 * `logprobs`, in both APIs, so it is sent only then.
 */
export function mapLogprobsRequest(
  logprobs: boolean | null | undefined,
  topLogprobs: number | null | undefined,
): { logprobs?: true; top_logprobs?: number } {
  if (logprobs !== true) {
    return {};
  }
  return topLogprobs === null || topLogprobs === undefined ? { logprobs: true } : { logprobs: true, top_logprobs: topLogprobs };
}

/**
 * Ollama's `logprobs` (one entry per token of a reply or stream line) as an OpenAI
 * choice's `logprobs.content`. Null when the line carries none, as OpenAI sends for a
 * request without `logprobs` and for chunks without tokens (the finish chunk).
 */
export function mapLogprobs(logprobs: readonly OllamaLogprob[] | null | undefined): ChoiceLogprobs | null {
  if (logprobs === null || logprobs === undefined || logprobs.length === 0) {
    return null;
  }
  return {
    content: logprobs.map((entry) => ({ ...mapTokenLogprob(entry), top_logprobs: (entry.top_logprobs ?? []).map(mapTokenLogprob) })),
  };
}

/**
 * Ollama sends a token's raw bytes, which differ from the text's UTF-8 when a token holds
 * part of a multibyte character; it leaves `bytes` out for an empty token and older
 * servers send none, so the text's own UTF-8 stands in.
 */
function mapTokenLogprob(entry: OllamaTokenLogprob): TopLogprob {
  return { token: entry.token, logprob: entry.logprob, bytes: entry.bytes ?? [...encoder.encode(entry.token)] };
}
