/**
 * Shared plumbing of the hardening tests: stand-in upstreams and gateways that close
 * themselves after each test, request helpers, SSE reading, metric reading, and the
 * checks that an upstream request ended and that no timer or socket stayed behind.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect } from 'vitest';
import { startStandInOllama } from '../../demo/stand-in-ollama.js';
import { startStandInOpenAI, type StandInOpenAIOptions } from '../../demo/stand-in-openai.js';
import type { Scenario } from '../../demo/stand-in-scenario.js';
import type { OpenAIStandIn, RecordedRequest, StandIn, StandInOptions } from '../../demo/stand-in-types.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../helpers/gateway.js';

export const OLLAMA_MODEL = 'llama3.2:1b';
export const VLLM_MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';

/**
 * The bound on cancellation (100 ms), plus slack for a loaded two-core CI machine
 * running two test files at once. A gateway that does not cancel takes seconds, not 150 ms.
 */
export const CANCEL_WITHIN_MS = 100 + 50;

const closers: Array<() => Promise<void>> = [];

/** Everything started through these helpers is closed after each test, newest first. */
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.().catch(() => undefined);
});

export async function ollamaStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const standIn = await startStandInOllama({ chunkDelayMs: 5, ...options });
  closers.push(() => standIn.close());
  return standIn;
}

export async function openAIStandIn(options: StandInOpenAIOptions = {}): Promise<OpenAIStandIn> {
  const standIn = await startStandInOpenAI({ chunkDelayMs: 5, ...options });
  closers.push(() => standIn.close());
  return standIn;
}

export async function gateway(input: ConfigInput): Promise<TestGateway> {
  const running = await startTestGateway(input);
  closers.push(() => running.close());
  return running;
}

/** A chat body whose last user message carries a stand-in scenario directive. */
export function chat(model: string, options: { stream?: boolean; scenario?: Scenario; text?: string } = {}): Record<string, unknown> {
  const directive = options.scenario ? ` [scenario:${options.scenario}]` : '';
  return { model, stream: options.stream ?? false, messages: [{ role: 'user', content: `${options.text ?? 'hello there'}${directive}` }] };
}

export function post(target: TestGateway, path: string, body: unknown, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(target.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

/** Asserts an OpenAI-shaped error with this status and code; returns the error for more checks. */
export async function expectOpenAIError(response: Response, status: number, code: string): Promise<OpenAIErrorBody['error']> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  const body = JSON.parse(text) as OpenAIErrorBody;
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

/** The `data:` payloads of an SSE body, in order (`[DONE]` kept as the string). */
export function parseSse(text: string): unknown[] {
  return text
    .split(/\n\n/)
    .map((frame) => frame.trim())
    .filter((frame) => frame.startsWith('data:'))
    .map((frame) => {
      const payload = frame.slice(5).trim();
      if (payload === '[DONE]') return payload;
      try {
        return JSON.parse(payload) as unknown;
      } catch {
        return payload;
      }
    });
}

/** The error of a stream that ended with an error frame, or undefined. */
export function finalErrorFrame(frames: unknown[]): OpenAIErrorBody['error'] | undefined {
  const last = frames.at(-1);
  return typeof last === 'object' && last !== null && 'error' in last ? (last as OpenAIErrorBody).error : undefined;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function inferenceRequests(standIn: StandIn): RecordedRequest[] {
  return standIn.requests.filter((request) => request.method === 'POST');
}

/** The newest inference request the stand-in received, once its body has been read. */
export async function nextInference(standIn: StandIn, countBefore: number): Promise<RecordedRequest> {
  await waitFor('the upstream to receive the request', () => inferenceRequests(standIn).length > countBefore && inferenceRequests(standIn)[countBefore]?.body !== undefined);
  return inferenceRequests(standIn)[countBefore] as RecordedRequest;
}

/**
 * Every response an HTTP server of this process is writing, by the server's port. The
 * stand-ins' own log misses one case: a response ended at the moment the gateway
 * dropped the connection is neither `finished` nor `closedAt`; the socket tells the truth.
 */
const liveResponses = new Map<number, Set<ServerResponse>>();

subscribe('http.server.request.start', (message) => {
  const { server, response } = message as { server: Server; request: IncomingMessage; response: ServerResponse };
  const port = (server.address() as AddressInfo | null)?.port;
  if (port === undefined) return;
  const responses = liveResponses.get(port) ?? new Set<ServerResponse>();
  liveResponses.set(port, responses);
  responses.add(response);
  response.once('close', () => responses.delete(response));
});

function isOpen(response: ServerResponse): boolean {
  const socket = response.socket;
  return !response.writableEnded && !response.destroyed && socket !== null && !socket.destroyed;
}

/** Whether every request the stand-in received has ended: answered in full, or its connection closed. */
export function allUpstreamRequestsEnded(standIn: StandIn): boolean {
  return [...(liveResponses.get(standIn.port) ?? [])].every((response) => !isOpen(response));
}

/** Reads one sample of a metric from /metrics. */
export async function readMetric(target: TestGateway, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${target.url}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Requests the gateway still has upstream: sockets of its keep-alive agents in use or waited for. */
export function upstreamRequestsInFlight(target: TestGateway): number {
  let count = 0;
  for (const { agent } of target.gateway.connections) {
    for (const list of [...Object.values(agent.sockets), ...Object.values(agent.requests)]) count += list?.length ?? 0;
  }
  return count;
}

/** Live ref'd timers of this process (the gateway's, the stand-ins' and the test's own). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}
