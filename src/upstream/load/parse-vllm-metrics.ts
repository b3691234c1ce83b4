/**
 * vLLM's `GET /metrics` (served at the server root, not under `/v1`) as load signals.
 * Every sample carries `model_name` (and, since the V1 engine, `engine`); with data
 * parallelism there is one sample per engine, so counts are summed and the KV-cache usage
 * is the fullest engine's. Builds before the V1 engine name the cache gauge
 * `vllm:gpu_cache_usage_perc`; newer ones `vllm:kv_cache_usage_perc`.
 */
import type { LoadSignals } from './load-snapshot.js';
import { maxSample, readPrometheusSamples, sumSamples } from './read-prometheus-samples.js';

const running = 'vllm:num_requests_running';
const waiting = 'vllm:num_requests_waiting';
const kvCache = 'vllm:kv_cache_usage_perc';
const legacyKvCache = 'vllm:gpu_cache_usage_perc';
const wanted = new Set([running, waiting, kvCache, legacyKvCache]);

/** The signals, or undefined when the body has no vLLM request gauges (not a vLLM, or stats disabled). */
export function parseVllmMetrics(text: string): LoadSignals | undefined {
  const samples = readPrometheusSamples(text, wanted);
  const signals: LoadSignals = {};
  const runningCount = sumSamples(samples, running);
  const waitingCount = sumSamples(samples, waiting);
  if (runningCount === undefined && waitingCount === undefined) return undefined;
  if (runningCount !== undefined) signals.running = runningCount;
  if (waitingCount !== undefined) signals.waiting = waitingCount;
  const usage = maxSample(samples, kvCache) ?? maxSample(samples, legacyKvCache);
  if (usage !== undefined) signals.kvCacheUsage = usage;
  return signals;
}
