/**
 * llama-server's `GET /metrics` as load signals. The server answers it only when started
 * with `--metrics` (otherwise 501 `not_supported_error`); its gauges carry no labels.
 * `requests_deferred` counts requests waiting for a free slot.
 */
import type { LoadSignals } from './load-snapshot.js';
import { readPrometheusSamples, sumSamples } from './read-prometheus-samples.js';

const processing = 'llamacpp:requests_processing';
const deferred = 'llamacpp:requests_deferred';
const wanted = new Set([processing, deferred]);

/** The signals, or undefined when the body has neither llama.cpp request gauge. */
export function parseLlamaMetrics(text: string): LoadSignals | undefined {
  const samples = readPrometheusSamples(text, wanted);
  const running = sumSamples(samples, processing);
  const waiting = sumSamples(samples, deferred);
  if (running === undefined && waiting === undefined) return undefined;
  return { ...(running === undefined ? {} : { running }), ...(waiting === undefined ? {} : { waiting }) };
}
