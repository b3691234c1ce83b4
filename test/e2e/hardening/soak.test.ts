/**
 * A bounded soak: 600 requests at concurrency 50 mixing streams, whole answers, both
 * modes, client aborts and upstream faults. Every request ends with a response or a clean
 * error, the inflight gauge returns to 0, no upstream request stays open, and the heap
 * does not keep what the requests used.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../support/stand-ins/stand-in-scenario.js';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { allUpstreamRequestsEnded, upstreamRequestsInFlight } from '../../support/leftovers.js';
import { finalErrorFrame, parseSse } from '../../support/parse-sse.js';
import { postJson } from '../../support/post-json.js';
import { readMetric } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

const TOTAL = 600;
const CONCURRENCY = 50;
/** Longer than any request may take (timeout_ms plus queueing); reaching it means a hang. */
const HANG_MS = 15_000;

const scenarios: Scenario[] = [
  'normal', 'normal', 'normal', 'normal', 'normal', 'normal',
  'http-500', 'reset-before-response', 'reset-mid-stream', 'stall-mid-stream',
  'garbage', 'truncated', 'split-lines', 'error-line', 'html-200', 'http-429',
];

type Outcome = 'answered' | 'error-response' | 'error-frame' | 'cut' | 'aborted';

interface Plan {
  model: string;
  stream: boolean;
  scenario: Scenario;
  /** Milliseconds after sending when the client gives up, or undefined. */
  abortAfterMs: number | undefined;
}

/** A fixed pseudo-random plan, so that a failure can be replayed. */
function planRequests(): Plan[] {
  let seed = 20_251_122;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: TOTAL }, () => ({
    model: next() < 0.5 ? OLLAMA_MODEL : VLLM_MODEL,
    stream: next() < 0.6,
    scenario: scenarios[Math.floor(next() * scenarios.length)] as Scenario,
    abortAfterMs: next() < 0.15 ? Math.floor(next() * 60) : undefined,
  }));
}

describe('soak', () => {
  it(`ends all ${TOTAL} requests at concurrency ${CONCURRENCY} cleanly and leaves nothing behind`, { timeout: 60_000 }, async () => {
    const ollama = track(await startStandInOllama({ chunkDelayMs: 3, firstByteDelayMs: 100 }));
    const vllm = track(await startStandInOpenAI({ chunkDelayMs: 3, firstByteDelayMs: 100 }));
    const connectionLimits = { timeout_ms: 4000, idle_timeout_ms: 1000, failure_threshold: 100_000, max_concurrency: 40, max_queue: 200, queue_timeout_ms: 5000 };
    const running = track(await startTestGateway({
      server: { log_level: 'warn' },
      connections: [
        { name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat', ...connectionLimits },
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, ...connectionLimits },
      ],
    }));

    const frameErrors: string[] = [];
    async function run(plan: Plan): Promise<Outcome> {
      const client = new AbortController();
      const abortTimer = plan.abortAfterMs === undefined ? undefined : setTimeout(() => client.abort(), plan.abortAfterMs);
      const hang = setTimeout(() => client.abort(new Error('hung')), HANG_MS);
      try {
        const response = await postJson(`${running.url}/v1/chat/completions`, chat(plan.model, plan), { signal: client.signal });
        const text = await response.text();
        if (response.status !== 200) {
          const body = JSON.parse(text) as { error?: { message?: unknown } };
          expect(typeof body.error?.message).toBe('string');
          return 'error-response';
        }
        if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return 'answered';
        const frames = parseSse(text);
        if (frames.at(-1) === '[DONE]') return 'answered';
        const failure = finalErrorFrame(frames);
        if (failure) {
          frameErrors.push(`${plan.model} ${plan.scenario}: ${failure.message}`);
          return 'error-frame';
        }
        // A passthrough stream is relayed unaltered; garbage or truncated upstream SSE stays that.
        expect(plan.model).toBe(VLLM_MODEL);
        return 'answered';
      } catch (error) {
        if (client.signal.reason instanceof Error && client.signal.reason.message === 'hung') throw new Error(`request hung: ${JSON.stringify(plan)}`);
        if (client.signal.aborted) return 'aborted';
        // A whole passthrough answer that fails after its head can only be cut short.
        expect(plan.model).toBe(VLLM_MODEL);
        return 'cut';
      } finally {
        clearTimeout(abortTimer);
        clearTimeout(hang);
      }
    }

    const warmUp = await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => run({ model: index % 2 ? OLLAMA_MODEL : VLLM_MODEL, stream: index % 3 === 0, scenario: 'normal', abortAfterMs: undefined })));
    expect(frameErrors).toEqual([]);
    expect(warmUp.filter((outcome) => outcome !== 'answered')).toEqual([]);
    frameErrors.length = 0;
    const heapBefore = process.memoryUsage().heapUsed;

    const plans = planRequests();
    const outcomes: Outcome[] = [];
    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (nextIndex < plans.length) {
          const plan = plans[nextIndex] as Plan;
          nextIndex += 1;
          outcomes.push(await run(plan));
        }
      }),
    );

    expect(outcomes).toHaveLength(TOTAL);
    const counts = Object.fromEntries(['answered', 'error-response', 'error-frame', 'cut', 'aborted'].map((kind) => [kind, outcomes.filter((outcome) => outcome === kind).length]));
    expect(counts.answered).toBeGreaterThan(TOTAL / 3);
    expect(counts['error-response']).toBeGreaterThan(0);
    expect(counts['error-frame']).toBeGreaterThan(0);
    expect(counts.aborted).toBeGreaterThan(0);

    for (const connection of ['ollama', 'vllm']) {
      await eventually(`the inflight gauge of ${connection} to return to 0`, async () => (await readMetric(running, 'switchyard_inflight_requests', { connection })) === 0);
    }
    const openUpstreamRequests = () =>
      [ollama, vllm].flatMap((standIn) => (allUpstreamRequestsEnded(standIn) ? [] : [standIn.url]));
    await eventually('every upstream request to end', () => allUpstreamRequestsEnded(ollama) && allUpstreamRequestsEnded(vllm) && upstreamRequestsInFlight(running) === 0).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; still open upstream: ${JSON.stringify(openUpstreamRequests())}; upstream sockets in use: ${upstreamRequestsInFlight(running)}`);
    });
    expect(running.gateway.connections.every((connection) => connection.limiter.inUse === 0 && connection.limiter.queued === 0)).toBe(true);
    expect(await (await fetch(`${running.url}/health`)).text()).toContain('ok');

    await sleep(50);
    globalThis.gc?.();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    // 600 requests each holding a few KB would stay far below this if released; a leak of
    // responses, bodies or closures per request grows well past it.
    expect(growthMb).toBeLessThan(96);
  });
});
