/**
 * Request rate, error rate, time-to-first-token percentiles and token throughput per
 * model over the last minute, kept in the process for `GET /status`. Each model has a ring
 * of one-second buckets (counts and a latency histogram each), so recording a request is
 * O(1) and memory is fixed per model; models are keyed by the same `model` label as the
 * metrics, which comes from configuration or discovery, and capped besides.
 */
import { findLatencyBin, findLatencyQuantile, latencyBinCount } from './latency-histogram.js';

/** What the window keeps of one finished request. */
export interface FinishedRequest {
  /** The metrics' `model` label; `unknown` (never routed) is not recorded. */
  model: string;
  status: number;
  /** Seconds from receiving the request to its first content byte, if one was sent. */
  ttftSeconds?: number | undefined;
  /** Completion tokens the upstream reported. */
  completionTokens?: number | undefined;
}

/** One model's figures over the window, as `/status` shows them. */
export interface ModelWindowStats {
  model: string;
  requests_per_second: number;
  /** Share of requests answered 5xx (the gateway or its upstream failed); null without requests. */
  error_rate: number | null;
  /** Approximate (within about 9 %); null without a successful first byte in the window. */
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
  /** Completion tokens per second. */
  tokens_per_second: number;
}

export interface StatsSnapshot {
  window_seconds: number;
  models: ModelWindowStats[];
}

export interface RollingStatsOptions {
  windowSeconds?: number;
  /** Models beyond this many are not tracked (a guard; labels are bounded already). */
  maxModels?: number;
  now?: () => number;
}

/** One model's ring of one-second buckets; slot `s % window` holds second `s`. */
class ModelSeries {
  readonly seconds: Float64Array;
  readonly requests: Uint32Array;
  readonly errors: Uint32Array;
  readonly tokens: Float64Array;
  readonly ttftSamples: Uint32Array;
  /** `window × latencyBinCount` counts: slot by slot, one histogram each. */
  readonly ttftBins: Uint32Array;

  constructor(readonly window: number) {
    this.seconds = new Float64Array(window).fill(-1);
    this.requests = new Uint32Array(window);
    this.errors = new Uint32Array(window);
    this.tokens = new Float64Array(window);
    this.ttftSamples = new Uint32Array(window);
    this.ttftBins = new Uint32Array(window * latencyBinCount);
  }

  /** The slot for `second`, emptied first when it still holds an older second. */
  slotFor(second: number): number {
    const slot = second % this.window;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
      this.tokens[slot] = 0;
      this.ttftSamples[slot] = 0;
      this.ttftBins.fill(0, slot * latencyBinCount, (slot + 1) * latencyBinCount);
    }
    return slot;
  }
}

const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export class RollingModelStats {
  readonly windowSeconds: number;
  /** When collection began, in the clock's milliseconds. */
  readonly startedAt: number;
  private readonly maxModels: number;
  private readonly now: () => number;
  private readonly series = new Map<string, ModelSeries>();

  constructor(options: RollingStatsOptions = {}) {
    this.windowSeconds = options.windowSeconds ?? 60;
    this.maxModels = options.maxModels ?? 256;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Records a finished request; O(1). */
  record(request: FinishedRequest): void {
    if (request.model === 'unknown') return;
    let series = this.series.get(request.model);
    if (!series) {
      if (this.series.size >= this.maxModels) return;
      series = new ModelSeries(this.windowSeconds);
      this.series.set(request.model, series);
    }
    const slot = series.slotFor(Math.floor(this.now() / 1000));
    series.requests[slot] = (series.requests[slot] ?? 0) + 1;
    if (request.status >= 500) series.errors[slot] = (series.errors[slot] ?? 0) + 1;
    if (request.completionTokens) series.tokens[slot] = (series.tokens[slot] ?? 0) + request.completionTokens;
    // Like the TTFT histogram of the metrics: only answers that succeeded say how fast a model starts.
    if (request.ttftSeconds !== undefined && request.status < 400) {
      series.ttftSamples[slot] = (series.ttftSamples[slot] ?? 0) + 1;
      const index = slot * latencyBinCount + findLatencyBin(request.ttftSeconds * 1000);
      series.ttftBins[index] = (series.ttftBins[index] ?? 0) + 1;
    }
  }

  /** Every model seen so far, by id, with its figures over the window ending now. */
  snapshot(): StatsSnapshot {
    const now = this.now();
    const second = Math.floor(now / 1000);
    // During the first minute a rate over the full window would read too low.
    const coveredSeconds = Math.min(this.windowSeconds, Math.max(1, (now - this.startedAt) / 1000));
    const models = [...this.series.keys()].sort().map((model) => this.summarize(model, second, coveredSeconds));
    return { window_seconds: this.windowSeconds, models };
  }

  private summarize(model: string, second: number, coveredSeconds: number): ModelWindowStats {
    const series = this.series.get(model) as ModelSeries;
    const merged = new Uint32Array(latencyBinCount);
    let requests = 0;
    let errors = 0;
    let tokens = 0;
    let samples = 0;
    for (let slot = 0; slot < this.windowSeconds; slot += 1) {
      const held = series.seconds[slot] ?? -1;
      if (held <= second - this.windowSeconds || held > second) continue;
      requests += series.requests[slot] ?? 0;
      errors += series.errors[slot] ?? 0;
      tokens += series.tokens[slot] ?? 0;
      samples += series.ttftSamples[slot] ?? 0;
      const offset = slot * latencyBinCount;
      for (let bin = 0; bin < latencyBinCount; bin += 1) merged[bin] = (merged[bin] ?? 0) + (series.ttftBins[offset + bin] ?? 0);
    }
    const p50 = findLatencyQuantile(merged, samples, 0.5);
    const p95 = findLatencyQuantile(merged, samples, 0.95);
    return {
      model,
      requests_per_second: roundTo(requests / coveredSeconds, 3),
      error_rate: requests === 0 ? null : roundTo(errors / requests, 4),
      ttft_p50_ms: p50 === null ? null : roundTo(p50, 1),
      ttft_p95_ms: p95 === null ? null : roundTo(p95, 1),
      tokens_per_second: roundTo(tokens / coveredSeconds, 2),
    };
  }
}
