/**
 * Answer shapes of the stand-in llama-server, as recorded from llama.cpp build
 * b9927-c264f65ff (`llama-server -m models/tiny-qwen-tools.gguf --jinja -c 2048` on
 * 127.0.0.1, tiny random-weight GGUF models): its exact header sets,
 * `Access-Control-Allow-Origin` echoing the request's Origin (empty without one), errors
 * as `{"error":{"code":400,"message","type"}}` with `Connection: close` on a socket that
 * lingers, and SSE streams after which the server closes the socket about 1 ms later.
 */
import { randomInt } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';

export const LLAMA_BUILD = 'b9927-c264f65ff';
/** The `-m` argument of the recording, which llama-server reports as its model's name. */
export const LLAMA_MODEL_PATH = 'models/tiny-qwen-tools.gguf';

/** The delay between the final chunk of a stream and the server's FIN (0.4–1.0 ms recorded). */
const closeAfterStreamMs = 1;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 random letters and digits: chat ids after `chatcmpl-`, and tool call ids as they are. */
export function createLlamaId(): string {
  let id = '';
  for (let index = 0; index < 32; index += 1) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** The request's Origin, echoed; an empty value without one (the header is always there). */
export function readOrigin(headers: IncomingHttpHeaders): string {
  return typeof headers.origin === 'string' ? headers.origin : '';
}

const keepAlive = { 'Keep-Alive': 'timeout=5, max=100' };

export function planLlamaJson(origin: string, value: unknown, status = 200): PlannedResponse {
  // Node adds Content-Length after these; llama-server sends it before Access-Control-Allow-Origin.
  const headers = { ...keepAlive, 'Content-Type': 'application/json; charset=utf-8', Server: 'llama.cpp', 'Access-Control-Allow-Origin': origin };
  return { status, headers, frames: [JSON.stringify(value)], streamed: false, closingFrames: 0, exactHeaders: true };
}

/** The 401 and 404 bodies order their keys `message, type, code`; the others `code, message, type`. */
export function buildLlamaError(status: number, type: string, message: string, extra: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  const error = status === 401 || status === 404 ? { message, type, code: status } : { code: status, message, type };
  return { error: { ...error, ...extra } };
}

/** An error answer: `Connection: close` in place of Keep-Alive, on a socket left open until the idle timeout. */
export function planLlamaError(origin: string, idleTimeoutMs: number, status: number, type: string, message: string, extra: Record<string, unknown> = {}): PlannedResponse {
  const headers = { Connection: 'close', 'Content-Type': 'application/json; charset=utf-8', Server: 'llama.cpp', 'Access-Control-Allow-Origin': origin };
  const frames = [JSON.stringify(buildLlamaError(status, type, message, extra))];
  return { status, headers, frames, streamed: false, closingFrames: 0, exactHeaders: true, lingerMs: idleTimeoutMs };
}

/** One HTTP chunk of a stream: llama-server often writes several events at once. */
export function sseChunk(...events: Array<() => unknown>): FrameSource {
  return () => events.map((build) => `data: ${JSON.stringify(build())}\n\n`).join('');
}

export const LLAMA_DONE = 'data: [DONE]\n\n';

/** The one mid-stream failure recorded: an error event in its own chunk, then no [DONE]. */
const streamErrorFrame = `data: ${JSON.stringify({ error: { code: 500, message: 'The model produced output that does not match the expected peg-native format', type: 'server_error' } })}\n\n`;

/** A stream: no charset on text/event-stream, `X-Accel-Buffering: no`, and the socket closed once it is sent. */
export function planLlamaStream(origin: string, frames: FrameSource[], closingFrames: number, repeatFrame: FrameSource): PlannedResponse {
  const headers = {
    ...keepAlive,
    'Transfer-Encoding': 'chunked',
    'Access-Control-Allow-Origin': origin,
    'X-Accel-Buffering': 'no',
    Server: 'llama.cpp',
    'Content-Type': 'text/event-stream',
  };
  return {
    status: 200,
    headers,
    frames,
    streamed: true,
    closingFrames,
    repeatFrame,
    errorFrame: streamErrorFrame,
    garbageFrame: 'data: this is not JSON {"choices": [\n\n',
    exactHeaders: true,
    closeAfterMs: closeAfterStreamMs,
  };
}

/** `OPTIONS` on any path: 200, empty, with the preflight headers; never asks for the API key. */
export function planLlamaPreflight(origin: string): PlannedResponse {
  const headers = {
    ...keepAlive,
    'Content-Type': 'text/html',
    Server: 'llama.cpp',
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Headers': '*',
    'Access-Control-Allow-Methods': 'GET, POST',
  };
  return { status: 200, headers, frames: [''], streamed: false, closingFrames: 0, exactHeaders: true };
}

/** The `timings` object: `cache_n + prompt_n` is the prompt's tokens, `predicted_n` the completion's. */
export function buildTimings(promptTokens: number, completionTokens: number): Record<string, number> {
  const promptMs = 0.25 * promptTokens + 2;
  const predictedMs = 0.6 * completionTokens;
  return {
    cache_n: 0,
    prompt_n: promptTokens,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptMs / Math.max(1, promptTokens),
    prompt_per_second: (1000 * promptTokens) / promptMs,
    predicted_n: completionTokens,
    predicted_ms: predictedMs,
    predicted_per_token_ms: predictedMs / Math.max(1, completionTokens),
    predicted_per_second: completionTokens === 0 ? 0 : (1000 * completionTokens) / predictedMs,
  };
}

/** `usage` as llama-server sends it: always `prompt_tokens_details.cached_tokens`, never `completion_tokens_details`. */
export function buildLlamaUsage(promptTokens: number, completionTokens: number): Record<string, unknown> {
  return { completion_tokens: completionTokens, prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, prompt_tokens_details: { cached_tokens: 0 } };
}
