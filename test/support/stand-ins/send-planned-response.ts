/**
 * Writes a stand-in's planned answer to the socket, faithfully or broken in the way the
 * scenario asks: stalled, reset, truncated, endless, interrupted by an error line, mixed
 * with garbage, or dribbled out a few bytes at a time.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Scenario } from './stand-in-scenario.js';

/** A body piece; a function is called at write time (fresh timestamps and durations). */
export type FrameSource = string | (() => string);

/** What a stand-in would send for a request, before any fault is applied. */
export interface PlannedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body in the pieces the real server flushes: NDJSON lines, SSE frames, or one JSON body. */
  frames: FrameSource[];
  /** Streamed answers wait `chunkDelayMs` between frames; a whole body is one frame. */
  streamed: boolean;
  /**
   * Trailing frames that end a stream: Ollama's done line; vLLM's finish chunk, usage chunk
   * and [DONE]. Stalls, resets, error lines and endless streams cut in before them;
   * `truncated` drops only the very last one.
   */
  closingFrames: number;
  /** Sent over and over under `never-ending`. */
  repeatFrame?: FrameSource;
  /** The mid-stream error a real server sends when generation fails (`error-line`). */
  errorFrame?: FrameSource;
  /** A frame that is not what the framing promises (`garbage`). */
  garbageFrame?: string;
  /** The headers are all the head holds: no `Date`, no `Connection` of Node's own (llama-server sends neither). */
  exactHeaders?: boolean;
  /** Close the socket this long after the answer was sent, whatever its headers promised (llama-server after a stream). */
  closeAfterMs?: number;
  /** The head says `Connection: close`, yet the socket stays open this long (llama-server after an error). */
  lingerMs?: number;
}

export interface SendTiming {
  chunkDelayMs: number;
  /** Aborted when the client hangs up or the stand-in closes. */
  signal: AbortSignal;
}

const splitPieceBytes = 5;

function resolveFrame(frame: FrameSource): string {
  return typeof frame === 'function' ? frame() : frame;
}

/** Waits, or returns false at once when the exchange is over. A zero wait yields one turn. */
export async function pause(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    if (milliseconds <= 0) await nextTurn(undefined, { signal });
    else await sleep(milliseconds, undefined, { signal });
    return !signal.aborted;
  } catch {
    return false;
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function writeChunk(res: ServerResponse, chunk: string | Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return false;
  if (res.write(chunk)) return true;
  await Promise.race([new Promise((resolve) => res.once('drain', resolve)), waitForAbort(signal)]);
  return !signal.aborted;
}

async function writeFrames(res: ServerResponse, frames: FrameSource[], plan: PlannedResponse, timing: SendTiming): Promise<boolean> {
  for (const [index, frame] of frames.entries()) {
    if (index > 0 && plan.streamed && !(await pause(timing.chunkDelayMs, timing.signal))) return false;
    if (!(await writeChunk(res, resolveFrame(frame), timing.signal))) return false;
  }
  return true;
}

/** The beginning of the answer that faults cut into: two stream frames, or half a whole body. */
async function writeBeginning(res: ServerResponse, plan: PlannedResponse, timing: SendTiming): Promise<boolean> {
  if (!plan.streamed) {
    const body = Buffer.from(resolveFrame(plan.frames[0] ?? ''));
    return writeChunk(res, body.subarray(0, Math.floor(body.length / 2)), timing.signal);
  }
  const openFrames = plan.frames.length - plan.closingFrames;
  return writeFrames(res, plan.frames.slice(0, Math.max(1, Math.min(2, openFrames))), plan, timing);
}

async function writeSplit(res: ServerResponse, plan: PlannedResponse, timing: SendTiming): Promise<boolean> {
  for (const [index, frame] of plan.frames.entries()) {
    if (index > 0 && plan.streamed && !(await pause(timing.chunkDelayMs, timing.signal))) return false;
    const bytes = Buffer.from(resolveFrame(frame));
    for (let offset = 0; offset < bytes.length; offset += splitPieceBytes) {
      if (offset > 0 && !(await pause(0, timing.signal))) return false;
      if (!(await writeChunk(res, bytes.subarray(offset, offset + splitPieceBytes), timing.signal))) return false;
    }
  }
  return true;
}

/** Ends the connection with a TCP reset, after a moment so the bytes already written arrive. */
export async function resetConnection(res: ServerResponse, signal: AbortSignal, afterMilliseconds = 0): Promise<void> {
  if (afterMilliseconds > 0) await pause(afterMilliseconds, signal);
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

async function writeEndlessly(res: ServerResponse, plan: PlannedResponse, timing: SendTiming): Promise<void> {
  const openFrames = plan.streamed ? plan.frames.slice(0, plan.frames.length - plan.closingFrames) : [];
  if (!plan.streamed && !(await writeBeginning(res, plan, timing))) return;
  if (!(await writeFrames(res, openFrames, plan, timing))) return;
  const repeated = plan.streamed ? (plan.repeatFrame ?? ' ') : ' ';
  while (await pause(Math.max(1, timing.chunkDelayMs), timing.signal)) {
    if (!(await writeChunk(res, resolveFrame(repeated), timing.signal))) return;
  }
}

/** Writes the head; a whole body is resolved once here so its length and content agree. */
function startResponse(res: ServerResponse, plan: PlannedResponse, scenario: Scenario): PlannedResponse {
  const headers = { ...plan.headers };
  const frames = plan.streamed ? plan.frames : plan.frames.map(resolveFrame);
  const wholeBody = !plan.streamed && frames.length === 1 && (scenario === 'normal' || scenario === 'slow-first-byte');
  if (wholeBody) headers['content-length'] = String(Buffer.byteLength(resolveFrame(frames[0] ?? '')));
  if (plan.exactHeaders === true) {
    res.sendDate = false;
    // Without a Connection header of its own, Node still keeps the socket alive (HTTP/1.1's default).
    res.removeHeader('connection');
  }
  res.writeHead(plan.status, headers);
  res.flushHeaders();
  return { ...plan, frames };
}

/** Sends the plan under the scenario; resolves once the exchange is over. */
export async function sendPlannedResponse(res: ServerResponse, planned: PlannedResponse, scenario: Scenario, timing: SendTiming): Promise<void> {
  if (timing.signal.aborted) return;
  const plan = startResponse(res, planned, scenario);
  switch (scenario) {
    case 'stall-mid-stream':
      if (await writeBeginning(res, plan, timing)) await waitForAbort(timing.signal);
      return;
    case 'reset-mid-stream':
      if (await writeBeginning(res, plan, timing)) await resetConnection(res, timing.signal, Math.max(20, timing.chunkDelayMs));
      return;
    case 'truncated': {
      const written = plan.streamed
        ? await writeFrames(res, plan.frames.slice(0, -1), plan, timing)
        : await writeBeginning(res, plan, timing);
      if (written) res.end();
      return;
    }
    case 'error-line':
      if ((await writeBeginning(res, plan, timing)) && (await pause(timing.chunkDelayMs, timing.signal))) {
        res.end(plan.errorFrame === undefined ? '' : resolveFrame(plan.errorFrame));
      }
      return;
    case 'garbage':
      if (!plan.streamed) res.end('this is not JSON {"model": garbage');
      else if (await writeFrames(res, plan.frames.slice(0, 1), plan, timing)) res.end(plan.garbageFrame ?? 'this is not JSON\n');
      return;
    case 'never-ending':
      await writeEndlessly(res, plan, timing);
      return;
    case 'split-lines':
      if (await writeSplit(res, plan, timing)) res.end();
      return;
    default:
      if (await writeFrames(res, plan.frames, plan, timing)) res.end();
  }
}
