/**
 * What the stand-in llama-server says about itself: GET /v1/models (and /models) with the
 * Ollama-style `models` array next to `data` and the context size in `data[].meta.n_ctx`,
 * /health, /slots (one entry per parallel slot, `is_processing` while it answers) and
 * /metrics in llama.cpp's Prometheus names (as its server README lists them).
 */
import type { PlannedResponse } from './send-planned-response.js';
import { planLlamaJson } from './llama-answers.js';

/** Counters /metrics reports, kept up to date by the inference endpoints. */
export interface LlamaCounters {
  promptTokens: number;
  predictedTokens: number;
  /** One llama_decode() call per prompt and per generated token, as the stand-in counts them. */
  decodeCalls: number;
  /** High watermark of the context used by one request. */
  largestContext: number;
}

export function createLlamaCounters(): LlamaCounters {
  return { promptTokens: 0, predictedTokens: 0, decodeCalls: 0, largestContext: 0 };
}

export function recordServed(counters: LlamaCounters, promptTokens: number, completionTokens: number): void {
  counters.promptTokens += promptTokens;
  counters.predictedTokens += completionTokens;
  counters.decodeCalls += 1 + completionTokens;
  counters.largestContext = Math.max(counters.largestContext, promptTokens + completionTokens);
}

export function planLlamaModels(origin: string, model: string, contextLength: number): PlannedResponse {
  const details = { parent_model: '', format: 'gguf', family: '', families: [''], parameter_size: '', quantization_level: '' };
  const listed = { name: model, model, modified_at: '', size: '', digest: '', type: 'model', description: '', tags: [''], capabilities: ['completion'], parameters: '', details };
  const meta = { vocab_type: 1, n_vocab: 32007, n_ctx: contextLength, n_ctx_train: 4096, n_embd: 64, n_params: 4179136, size: 16716544, ftype: 'all F32' };
  // `created` is the time of each request, so it changes between calls.
  const data = [{ id: model, aliases: [model], tags: [], object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'llamacpp', meta }];
  return planLlamaJson(origin, { models: [listed], object: 'list', data });
}

export function planLlamaHealth(origin: string): PlannedResponse {
  return planLlamaJson(origin, { status: 'ok' });
}

/** GET /slots: the first `busy` slots are processing (a request beyond the slots waits, deferred). */
export function planLlamaSlots(origin: string, slots: number, busy: number, contextLength: number): PlannedResponse {
  const entries = Array.from({ length: slots }, (_, id) => {
    const processing = id < busy;
    return {
      id,
      id_task: processing ? 100 + id : -1,
      n_ctx: contextLength,
      speculative: false,
      is_processing: processing,
      params: { n_predict: -1, seed: 4294967295, temperature: 0.800000011920929, top_k: 40, top_p: 0.949999988079071, min_p: 0.05000000074505806, max_tokens: -1, stream: true },
      next_token: { has_next_token: processing, has_new_line: false, n_remain: -1, n_decoded: 0 },
    };
  });
  return planLlamaJson(origin, entries);
}

function formatFamily(name: string, type: 'counter' | 'gauge', help: string, value: number): string {
  return `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${value}\n`;
}

/** GET /metrics (`--metrics`): llama.cpp's families, `requests_processing` and `requests_deferred` live. */
export function planLlamaMetrics(origin: string, counters: LlamaCounters, slots: number, busy: number): PlannedResponse {
  const promptSeconds = counters.promptTokens * 0.00025;
  const predictedSeconds = counters.predictedTokens * 0.0006;
  const body = [
    formatFamily('prompt_tokens_total', 'counter', 'Number of prompt tokens processed.', counters.promptTokens),
    formatFamily('prompt_seconds_total', 'counter', 'Prompt process time', promptSeconds),
    formatFamily('tokens_predicted_total', 'counter', 'Number of generation tokens processed.', counters.predictedTokens),
    formatFamily('tokens_predicted_seconds_total', 'counter', 'Predict process time', predictedSeconds),
    formatFamily('n_decode_total', 'counter', 'Total number of llama_decode() calls', counters.decodeCalls),
    formatFamily('n_tokens_max', 'counter', 'Largest observed n_tokens.', counters.largestContext),
    formatFamily('n_busy_slots_per_decode', 'gauge', 'Average number of busy slots per llama_decode() call', Math.min(busy, slots)),
    formatFamily('prompt_tokens_seconds', 'gauge', 'Average prompt throughput in tokens/s.', promptSeconds === 0 ? 0 : counters.promptTokens / promptSeconds),
    formatFamily('predicted_tokens_seconds', 'gauge', 'Average generation throughput in tokens/s.', predictedSeconds === 0 ? 0 : counters.predictedTokens / predictedSeconds),
    formatFamily('requests_processing', 'gauge', 'Number of requests processing.', Math.min(busy, slots)),
    formatFamily('requests_deferred', 'gauge', 'Number of requests deferred.', Math.max(0, busy - slots)),
  ].join('');
  const plan = planLlamaJson(origin, '');
  return { ...plan, headers: { ...plan.headers, 'Content-Type': 'text/plain; version=0.0.4' }, frames: [body] };
}
