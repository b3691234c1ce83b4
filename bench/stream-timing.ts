/**
 * Streams timed one by one: time to first token (the first content token's text arrives)
 * and total time (the body has ended), each from the moment the request was sent. Runs
 * `batches` batches of `concurrency` streams that start together, and reads the CPU time
 * one process spent on them (the warm-up left out), for CPU per chunk.
 */
import { Pool, type Dispatcher } from 'undici';
import { exchange, type RequestSpec } from './http-exchange.js';
import { readCpuMs } from './process-stats.js';
import { median } from './statistics.js';

export interface StreamOptions {
  concurrency: number;
  batches: number;
  timeoutMs: number;
  /** Text of the first content token. */
  firstTokenMarker: string;
  /** Text the end of a complete body holds ("[DONE]" for SSE, "\"done\":true" for NDJSON). */
  endMarker: string;
  /** A cheap request that opens the connections (and the server's upstream ones) first. */
  warmup?: RequestSpec;
  /** The process whose CPU time the streams are charged (the server answering them). */
  cpuPid?: number;
}

export interface StreamResult {
  streams: number;
  errors: number;
  firstError?: string;
  /** Medians over the streams of this run. */
  ttftMs: number;
  totalMs: number;
  ttftSamples: number[];
  totalSamples: number[];
  /** CPU time of `cpuPid` from the end of the warm-up to the end of the last batch, ms. */
  cpuMs?: number;
}

export interface StreamTiming {
  ttftMs: number;
  totalMs: number;
  error?: string;
}

/** What timing one stream needs of the options. */
export type StreamTimingOptions = Pick<StreamOptions, 'timeoutMs' | 'firstTokenMarker' | 'endMarker'>;

/** One stream on `dispatcher`, timed from the moment it is sent; never rejects. */
export async function timeOneStream(dispatcher: Dispatcher, spec: RequestSpec, options: StreamTimingOptions): Promise<StreamTiming> {
  const marker = Buffer.from(options.firstTokenMarker);
  const sentAt = performance.now();
  let firstTokenAt = NaN;
  let carry: Buffer = Buffer.alloc(0);
  const result = await exchange(dispatcher, spec, {
    signal: AbortSignal.timeout(options.timeoutMs),
    onChunk: (chunk) => {
      if (Number.isNaN(firstTokenAt)) {
        const window = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        if (window.indexOf(marker) >= 0) firstTokenAt = performance.now();
        else carry = window.subarray(Math.max(0, window.length - marker.length));
      }
      // Keep the last bytes to check the ending.
      carry = Number.isNaN(firstTokenAt) ? carry : Buffer.concat([carry, chunk]).subarray(-200);
    },
  });
  const endedAt = performance.now();
  if (result.status !== 200) return { ttftMs: NaN, totalMs: NaN, error: `HTTP ${result.status}: ${result.errorText ?? ''}` };
  if (Number.isNaN(firstTokenAt)) return { ttftMs: NaN, totalMs: NaN, error: 'no first token in the stream' };
  if (!carry.toString('latin1').includes(options.endMarker)) return { ttftMs: NaN, totalMs: NaN, error: `stream did not end with ${options.endMarker}` };
  return { ttftMs: firstTokenAt - sentAt, totalMs: endedAt - sentAt };
}

export async function runStreams(origin: string, spec: RequestSpec, options: StreamOptions): Promise<StreamResult> {
  const pool = new Pool(origin, { connections: options.concurrency, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const timings: StreamTiming[] = [];
  let cpuMs: number | undefined;
  try {
    const warmup = options.warmup;
    if (warmup) await Promise.all(Array.from({ length: options.concurrency }, () => exchange(pool, warmup)));
    const cpuBefore = options.cpuPid === undefined ? undefined : readCpuMs(options.cpuPid);
    for (let batch = 0; batch < options.batches; batch += 1) {
      timings.push(...(await Promise.all(Array.from({ length: options.concurrency }, () => timeOneStream(pool, spec, options)))));
    }
    const cpuAfter = options.cpuPid === undefined ? undefined : readCpuMs(options.cpuPid);
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpuMs = cpuAfter - cpuBefore;
  } finally {
    await pool.destroy();
  }
  const good = timings.filter((timing) => timing.error === undefined);
  const firstError = timings.find((timing) => timing.error !== undefined)?.error;
  return {
    streams: good.length,
    errors: timings.length - good.length,
    ...(firstError === undefined ? {} : { firstError }),
    ttftMs: median(good.map((timing) => timing.ttftMs)),
    totalMs: median(good.map((timing) => timing.totalMs)),
    ttftSamples: good.map((timing) => timing.ttftMs),
    totalSamples: good.map((timing) => timing.totalMs),
    ...(cpuMs === undefined ? {} : { cpuMs }),
  };
}
