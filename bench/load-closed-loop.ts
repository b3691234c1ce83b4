/**
 * Closed-loop load: `connections` workers, each with its own keep-alive connection, send the
 * next request as soon as the previous answer has been read. Measures throughput: answers
 * completed inside the measuring window (after a warm-up) per second.
 */
import { Client } from 'undici';
import { exchange, type RequestSpec } from './http-exchange.js';
import { summarizeLatencies, type LatencySummary } from './statistics.js';

export interface ClosedLoopOptions {
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Upper bound on requests per worker, whatever the clock says. */
  maxRequestsPerConnection: number;
  timeoutMs: number;
}

export interface ClosedLoopResult {
  /** Answers with status 200 completed inside the window. */
  requests: number;
  /** Answers with status 200 over the whole run, warm-up included (for CPU per request). */
  allRequests: number;
  errors: number;
  firstError?: string;
  windowMs: number;
  throughput: number;
  latency: LatencySummary;
}

export async function runClosedLoop(origin: string, spec: RequestSpec, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const clients = Array.from(
    { length: options.connections },
    () => new Client(origin, { pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs }),
  );
  const latencies: number[] = [];
  let requests = 0;
  let allRequests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const worker = async (client: Client): Promise<void> => {
    for (let sent = 0; sent < options.maxRequestsPerConnection; sent += 1) {
      const startedAt = performance.now();
      if (startedAt >= windowEnd) return;
      const result = await exchange(client, spec);
      const endedAt = performance.now();
      if (result.status !== 200) {
        errors += 1;
        firstError ??= `HTTP ${result.status}: ${result.errorText ?? ''}`;
        // A target that fails fast would otherwise spin; one error per millisecond is plenty.
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      allRequests += 1;
      if (endedAt >= windowStart && endedAt < windowEnd) {
        requests += 1;
        latencies.push(endedAt - startedAt);
      }
    }
  };
  try {
    await Promise.all(clients.map(worker));
  } finally {
    await Promise.all(clients.map((client) => client.destroy()));
  }
  return {
    requests,
    allRequests,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    windowMs: options.durationMs,
    throughput: (requests * 1000) / options.durationMs,
    latency: summarizeLatencies(latencies),
  };
}
