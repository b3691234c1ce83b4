/**
 * Where a translated answer goes: written whole, or chunk by chunk as a stream, in the
 * shape of the front door the client came in by. Chat completions write OpenAI's JSON and
 * SSE; the other front doors bring a sink of their own (`front-door-sink.ts`).
 */
import type { Response } from 'express';
import type { RequestContext } from '../observability/request-context.js';
import { errorFrame, SseWriter } from '../streaming/sse-writer.js';
import type { ErrorEvent } from './exchange.js';
import { sendJson } from './send-json.js';

export interface AnswerSink<Answer, Chunk> {
  /** Writes a whole answer (once hooks, if any, have seen it). */
  whole(answer: Answer): void | Promise<void>;
  /** Writes one chunk of a stream; false when the client is slow and the caller should wait for `drain`. */
  chunk(chunk: Chunk): boolean | Promise<boolean>;
  /** Writes a custom event a hook emitted (`data: {"event": …}`), where the front has them. */
  event?(payload: unknown): void;
  /** Ends a stream that completed. */
  finish(): void;
  /** The final event of a stream that broke after it started. */
  readonly errorEvent: ErrorEvent;
}

/** OpenAI's own framing: JSON, or `data: <json>` events ending in `data: [DONE]`. */
export function openAISink<Answer = unknown, Chunk = unknown>(res: Response, context: RequestContext): AnswerSink<Answer, Chunk> {
  const writer = new SseWriter(res, context);
  return {
    whole(answer) {
      context.markFirstByte();
      sendJson(res, answer);
    },
    chunk: (chunk) => writer.write(chunk),
    event: (payload) => writer.write(payload),
    finish: () => writer.finish(),
    errorEvent: errorFrame,
  };
}
