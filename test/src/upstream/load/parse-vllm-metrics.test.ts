/**
 * Bodies shaped as vLLM's prometheus_client writes `/metrics`: HELP and TYPE lines, every
 * sample labelled `model_name` (and `engine` from the V1 engine on), histograms with `le`
 * buckets, Python process metrics first. Metric names and labels as in vLLM's
 * docs/design/metrics.md (V1 names) and docs/serving/metrics.md of the 0.6 line (V0
 * `gpu_cache_usage_perc`); the values are made up.
 */
import { describe, expect, it } from 'vitest';
import { parseVllmMetrics } from '../../../../src/upstream/load/parse-vllm-metrics.js';

const v1Engine = `# HELP python_gc_objects_collected_total Objects collected during gc
# TYPE python_gc_objects_collected_total counter
python_gc_objects_collected_total{generation="0"} 10487.0
# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 6.0
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 2.0
# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.4375
# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} 41.0
vllm:time_to_first_token_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 41.0
`;

const v0Engine = `# HELP vllm:num_requests_running Number of requests currently running on GPU.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{model_name="Qwen/Qwen2.5-7B-Instruct"} 3.0
# HELP vllm:num_requests_swapped Number of requests swapped to CPU.
# TYPE vllm:num_requests_swapped gauge
vllm:num_requests_swapped{model_name="Qwen/Qwen2.5-7B-Instruct"} 0.0
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{model_name="Qwen/Qwen2.5-7B-Instruct"} 0.0
# HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{model_name="Qwen/Qwen2.5-7B-Instruct"} 0.125
`;

const dataParallel = `vllm:num_requests_running{engine="0",model_name="m"} 4.0
vllm:num_requests_running{engine="1",model_name="m"} 1.0
vllm:num_requests_waiting{engine="0",model_name="m"} 3.0
vllm:num_requests_waiting{engine="1",model_name="m"} 0.0
vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.9
vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.2
`;

/** `--disable-log-stats`: the HTTP and process metrics stay, the engine gauges go. */
const statsDisabled = `# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 2.1336064e+09
# HELP http_requests_total Total number of requests by method, status and handler.
# TYPE http_requests_total counter
http_requests_total{handler="/v1/chat/completions",method="POST",status="2xx"} 17.0
`;

describe('parseVllmMetrics', () => {
  it.each([
    ['the V1 engine (kv_cache_usage_perc, engine label)', v1Engine, { running: 6, waiting: 2, kvCacheUsage: 0.4375 }],
    ['a V0 engine (gpu_cache_usage_perc)', v0Engine, { running: 3, waiting: 0, kvCacheUsage: 0.125 }],
    ['data parallelism: counts summed, the fullest cache', dataParallel, { running: 5, waiting: 3, kvCacheUsage: 0.9 }],
    ['a body with the request gauges only', 'vllm:num_requests_waiting{model_name="m"} 7\n', { waiting: 7 }],
  ])('reads %s', (_, body, signals) => {
    expect(parseVllmMetrics(body)).toEqual(signals);
  });

  it.each([
    ['a vLLM with stats disabled', statsDisabled],
    ["llama-server's metrics", 'llamacpp:requests_processing 1\nllamacpp:requests_deferred 0\n'],
    ['an HTML page', '<!DOCTYPE html><html><body>Not here</body></html>'],
    ['an empty body', ''],
  ])('finds nothing in %s', (_, body) => {
    expect(parseVllmMetrics(body)).toBeUndefined();
  });
});
