/**
 * Answer shapes of the stand-in Ollama: `c.JSON` bodies (no trailing newline), NDJSON
 * streams (one line per flush), gin's plain-text 404/405, and the failures a real
 * Ollama reports.
 */
import { encodeGoJson } from './go-wire.js';
import type { FrameSource, PlannedResponse } from './send-planned-response.js';

export const OLLAMA_VERSION = '0.12.6';

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };
const ndjsonHeaders = { 'content-type': 'application/x-ndjson' };

/** What a real runner says when it dies mid-generation (sent as an NDJSON error line). */
export const OLLAMA_MIDSTREAM_ERROR = 'an error was encountered while running the model: unexpected EOF';

/** What a real runner says when it crashes before answering. */
export const OLLAMA_SERVER_ERROR = 'llama runner process has terminated: exit status 2';

export function planOllamaJson(status: number, value: unknown): PlannedResponse {
  return { status, headers: jsonHeaders, frames: [encodeGoJson(value)], streamed: false, closingFrames: 0 };
}

export function planOllamaError(status: number, message: string): PlannedResponse {
  return planOllamaJson(status, { error: message });
}

export function planOllamaText(status: number, text: string): PlannedResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, frames: [text], streamed: false, closingFrames: 0 };
}

/** A value built at write time, encoded as one NDJSON line. */
export function ndjsonLine(build: () => unknown): FrameSource {
  return () => `${encodeGoJson(build())}\n`;
}

/** A streamed answer: every line but the last is progress, the last one carries `done: true`. */
export function planOllamaStream(lines: FrameSource[], repeatLine: FrameSource): PlannedResponse {
  return {
    status: 200,
    headers: ndjsonHeaders,
    frames: lines,
    streamed: true,
    closingFrames: 1,
    repeatFrame: repeatLine,
    errorFrame: `${encodeGoJson({ error: OLLAMA_MIDSTREAM_ERROR })}\n`,
    garbageFrame: 'this is not JSON {"done": tru\n',
  };
}

/** A whole (non-streamed) answer built at write time, so its durations are current. */
export function planOllamaWhole(build: () => unknown): PlannedResponse {
  return { status: 200, headers: jsonHeaders, frames: [() => encodeGoJson(build())], streamed: false, closingFrames: 0 };
}
