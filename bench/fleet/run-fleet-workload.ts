/**
 * Sends the fleet workload through the gateway: `clients` workers, each with its own
 * connection, take the next request of the plan as soon as their last answer has ended,
 * until the plan is done or the time limit has passed. Every request is a short OpenAI
 * chat stream; each is timed from send to its first token and to its end.
 */
import { Pool } from 'undici';
import { jsonRequest, type RequestSpec } from '../http-exchange.js';
import { firstTokenMarker } from '../stand-in-bodies.js';
import { timeOneStream } from '../stream-timing.js';

export interface FleetRunOptions {
  clients: number;
  /** Tokens asked for (max_tokens); the boxes answer this many. */
  tokens: number;
  timeLimitMs: number;
  timeoutMs: number;
}

export interface FleetRunResult {
  planned: number;
  /** Requests not sent because the time limit had passed. */
  notSent: number;
  completed: number;
  errors: number;
  firstError?: string;
  /** Send to end of stream, ms, one per completed request. */
  latencies: number[];
  /** Send to first token, ms. */
  firstTokens: number[];
  wallMs: number;
}

export function fleetChatRequest(model: string, tokens: number): RequestSpec {
  return jsonRequest('/v1/chat/completions', {
    model,
    messages: [{ role: 'user', content: 'Name three bridges and say what carries their load.' }],
    max_tokens: tokens,
    stream: true,
  });
}

export async function runFleetWorkload(origin: string, plan: readonly string[], options: FleetRunOptions): Promise<FleetRunResult> {
  const pool = new Pool(origin, { connections: options.clients, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const timing = { timeoutMs: options.timeoutMs, firstTokenMarker, endMarker: '[DONE]' };
  const result: FleetRunResult = { planned: plan.length, notSent: 0, completed: 0, errors: 0, latencies: [], firstTokens: [], wallMs: 0 };
  const startedAt = performance.now();
  const deadline = startedAt + options.timeLimitMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length && performance.now() < deadline) {
      const model = plan[next] ?? '';
      next += 1;
      const timed = await timeOneStream(pool, fleetChatRequest(model, options.tokens), timing);
      if (timed.error !== undefined) {
        result.errors += 1;
        result.firstError ??= `${model}: ${timed.error}`;
        continue;
      }
      result.completed += 1;
      result.latencies.push(timed.totalMs);
      result.firstTokens.push(timed.ttftMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, worker));
  } finally {
    await pool.destroy();
  }
  result.notSent = plan.length - next;
  result.wallMs = performance.now() - startedAt;
  return result;
}
