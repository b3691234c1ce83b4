/**
 * Open-loop load: requests leave on a fixed timetable whatever the answers do, and each
 * latency is measured from the time the request was scheduled, not from when it was sent,
 * so a slow server cannot hide behind the requests it delayed (coordinated omission).
 * The timer wakes at most once a millisecond and sends everything that is due; how late the
 * generator itself was is reported as the send lag.
 */
import { Pool } from 'undici';
import { exchange, type RequestSpec } from './http-exchange.js';
import { summarizeLatencies, type LatencySummary } from './statistics.js';

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Requests scheduled in the first `warmupMs` are sent but not counted. */
  warmupMs: number;
  maxConnections: number;
  timeoutMs: number;
}

export interface OpenLoopResult {
  scheduled: number;
  completed: number;
  errors: number;
  firstError?: string;
  /** From scheduled time to the end of the answer. */
  latency: LatencySummary;
  /** From actual send to the end of the answer. */
  serviceTime: LatencySummary;
  /** How late sends left against the timetable. */
  sendLag: LatencySummary;
}

export async function runOpenLoop(origin: string, spec: RequestSpec, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(origin, { connections: options.maxConnections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  // Open a few connections first so the first scheduled requests do not pay for the handshake.
  await Promise.all(Array.from({ length: 8 }, () => exchange(pool, spec)));
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.ceil((options.durationMs + options.warmupMs) / intervalMs);
  const latencies: number[] = [];
  const serviceTimes: number[] = [];
  const lags: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  let completed = 0;
  let firstError: string | undefined;
  const start = performance.now() + 1;
  const send = (scheduledAt: number): void => {
    const sentAt = performance.now();
    const counted = scheduledAt - start >= options.warmupMs;
    const request = exchange(pool, spec, { signal: AbortSignal.timeout(options.timeoutMs) }).then((result) => {
      inFlight.delete(request);
      const endedAt = performance.now();
      if (result.status !== 200) {
        errors += 1;
        firstError ??= `HTTP ${result.status}: ${result.errorText ?? ''}`;
      } else if (counted) {
        completed += 1;
        latencies.push(endedAt - scheduledAt);
        serviceTimes.push(endedAt - sentAt);
        lags.push(sentAt - scheduledAt);
      }
    });
    inFlight.add(request);
  };
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      for (; next < total && start + next * intervalMs <= now; next += 1) send(start + next * intervalMs);
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    setTimeout(tick, 1);
  });
  await Promise.all(inFlight);
  await pool.destroy();
  const countedScheduled = total - Math.ceil(options.warmupMs / intervalMs);
  return {
    scheduled: countedScheduled,
    completed,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    latency: summarizeLatencies(latencies),
    serviceTime: summarizeLatencies(serviceTimes),
    sendLag: summarizeLatencies(lags),
  };
}
