/**
 * The timing and token fields of Ollama's final line. Counts are deterministic; durations
 * are nanoseconds and grow with the real time the answer took. Go's `omitempty` drops
 * zero values, so a field that is zero is left out.
 */
import { nowInNanoseconds } from './go-wire.js';

export interface OllamaMetrics {
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
}

const loadNanoseconds = 2_147_300;
const promptNanosecondsPerToken = 412_000;
const evalNanosecondsPerToken = 4_850_000;

function withoutZeros(metrics: Required<OllamaMetrics>): OllamaMetrics {
  return Object.fromEntries(Object.entries(metrics).filter(([, value]) => value > 0)) as OllamaMetrics;
}

/** Metrics for an answer that started at `startNanoseconds`. */
export function buildOllamaMetrics(startNanoseconds: bigint, promptTokens: number, evalTokens: number): OllamaMetrics {
  const promptDuration = promptTokens * promptNanosecondsPerToken;
  const evalDuration = evalTokens * evalNanosecondsPerToken;
  const elapsed = Number(nowInNanoseconds() - startNanoseconds);
  return withoutZeros({
    total_duration: Math.max(elapsed, loadNanoseconds + promptDuration + evalDuration),
    load_duration: loadNanoseconds,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptDuration,
    eval_count: evalTokens,
    eval_duration: evalDuration,
  });
}

/** The `context` of /api/generate: token ids standing for prompt and answer. */
export function buildGenerateContext(words: string[]): number[] {
  return words.map((word) => {
    let hash = 7;
    for (const character of word) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 128_000;
    return hash;
  });
}
