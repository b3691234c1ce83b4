/**
 * Answer shapes of the stand-in vLLM: FastAPI JSON bodies, SSE frames (`data: {…}\n\n`
 * ending in `data: [DONE]\n\n`), vLLM's `ErrorResponse` (`{"error":{"message","type",
 * "param","code"}}`), the `--api-key` refusal and FastAPI's own 404/405.
 */
import { randomUUID } from 'node:crypto';
import { dumpPythonJson, PythonTuple, reprPython } from './python-text.js';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';

export const VLLM_VERSION = '0.11.0';

const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8' };

/** vLLM's `random_uuid()`: 32 hex digits, used after `chatcmpl-`, `cmpl-`, `embd-` and `chatcmpl-tool-`. */
export function createVllmId(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '')}`;
}

export function planOpenAIJson(status: number, value: unknown, headers: Record<string, string> = {}): PlannedResponse {
  return { status, headers: { ...jsonHeaders, ...headers }, frames: [JSON.stringify(value)], streamed: false, closingFrames: 0 };
}

/** vLLM's `ErrorResponse`, as `create_error_response` builds it. */
export function buildVllmError(message: string, type: string, code: number, param: string | null = null): { error: Record<string, unknown> } {
  return { error: { message, type, param, code } };
}

export function planVllmError(code: number, type: string, message: string, param: string | null = null): PlannedResponse {
  return planOpenAIJson(code, buildVllmError(message, type, code, param));
}

/** vLLM's 400 for a body FastAPI could not validate: `str(exc)` followed by `str(exc.errors())`. */
export function planValidationError(errors: Array<Record<string, unknown>>): PlannedResponse {
  const count = errors.length;
  const summary = `${count} validation error${count === 1 ? '' : 's'}:\n${errors.map((error) => `  ${reprPython(error)}\n`).join('')}`;
  return planVllmError(400, 'Bad Request', `${summary} ${reprPython(errors)}`);
}

/** The validation error for a field FastAPI found missing. */
export function describeMissingField(field: string, body: unknown): Record<string, unknown> {
  return { type: 'missing', loc: new PythonTuple(['body', field]), msg: 'Field required', input: body };
}

/** The validation error for a body that is not JSON. */
export function describeInvalidJson(rawBody: string): Record<string, unknown> {
  let position = 0;
  try {
    JSON.parse(rawBody);
  } catch (error) {
    position = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
  }
  return { type: 'json_invalid', loc: new PythonTuple(['body', position]), msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } };
}

/** What vLLM started with `--api-key` answers without the right bearer token. */
export function planUnauthorized(): PlannedResponse {
  return planOpenAIJson(401, { error: 'Unauthorized' });
}

/** FastAPI's own answer for an unknown path or method. */
export function planFastApiDetail(status: 404 | 405): PlannedResponse {
  return planOpenAIJson(status, { detail: status === 404 ? 'Not Found' : 'Method Not Allowed' });
}

/** One SSE frame with a JSON payload built at write time. */
export function sseFrame(build: () => unknown): FrameSource {
  return () => `data: ${JSON.stringify(build())}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** vLLM's streamed failure: an error frame (Python `json.dumps`, so with spaces) then [DONE]. */
export const VLLM_STREAM_ERROR_FRAME = `data: ${dumpPythonJson(buildVllmError('Internal server error', 'InternalServerError', 500))}\n\n${SSE_DONE}`;

/** A streamed answer; `closingFrames` counts the finish chunk, the usage chunk and [DONE]. */
export function planSseStream(frames: FrameSource[], closingFrames: number, repeatFrame: FrameSource): PlannedResponse {
  return {
    status: 200,
    headers: sseHeaders,
    frames,
    streamed: true,
    closingFrames,
    repeatFrame,
    errorFrame: VLLM_STREAM_ERROR_FRAME,
    garbageFrame: 'data: this is not JSON {"choices": [\n\n',
  };
}
