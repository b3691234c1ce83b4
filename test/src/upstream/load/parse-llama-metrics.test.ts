/**
 * Bodies shaped as llama-server writes `/metrics` with `--metrics`: one HELP and TYPE line
 * per family, unlabelled samples, names as tools/server/README.md lists them (the values
 * are made up).
 */
import { describe, expect, it } from 'vitest';
import { parseLlamaMetrics } from '../../../../src/upstream/load/parse-llama-metrics.js';

const busyServer = `# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 18342
# HELP llamacpp:tokens_predicted_total Number of generation tokens processed.
# TYPE llamacpp:tokens_predicted_total counter
llamacpp:tokens_predicted_total 9120
# HELP llamacpp:n_busy_slots_per_decode Average number of busy slots per llama_decode() call
# TYPE llamacpp:n_busy_slots_per_decode gauge
llamacpp:n_busy_slots_per_decode 3.61
# HELP llamacpp:requests_processing Number of requests processing.
# TYPE llamacpp:requests_processing gauge
llamacpp:requests_processing 4
# HELP llamacpp:requests_deferred Number of requests deferred.
# TYPE llamacpp:requests_deferred gauge
llamacpp:requests_deferred 9
`;

describe('parseLlamaMetrics', () => {
  it.each([
    ['a busy server', busyServer, { running: 4, waiting: 9 }],
    ['an idle server', 'llamacpp:requests_processing 0\nllamacpp:requests_deferred 0\n', { running: 0, waiting: 0 }],
    ['a body with only the processing gauge', 'llamacpp:requests_processing 2\n', { running: 2 }],
  ])('reads %s', (_, body, signals) => {
    expect(parseLlamaMetrics(body)).toEqual(signals);
  });

  it.each([
    ["vLLM's metrics", 'vllm:num_requests_running{engine="0",model_name="m"} 1.0\n'],
    ['the 501 a server without --metrics answers', '{"error":{"code":501,"message":"This server does not support metrics endpoint.","type":"not_supported_error"}}'],
    ['an empty body', ''],
  ])('finds nothing in %s', (_, body) => {
    expect(parseLlamaMetrics(body)).toBeUndefined();
  });
});
