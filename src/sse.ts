/**
 * Server-sent events to the client, in OpenAI's framing: `data: <json>\n\n` frames ending
 * with `data: [DONE]`, or with a final `data: {"error": …}` frame when the stream fails.
 */
import type { Response } from 'express';
import type { GatewayError } from './errors.js';
import type { RequestContext } from './request-context.js';

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Stops nginx and similar proxies in front of the gateway from buffering the stream.
  'x-accel-buffering': 'no',
} as const;

export function errorFrame(error: GatewayError): string {
  return `data: ${JSON.stringify(error.toJSON())}\n\n`;
}

/** Resolves once the client has taken the buffered bytes, or has gone away. */
export function waitForDrain(res: Response): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export class SseWriter {
  constructor(
    private readonly res: Response,
    private readonly context: RequestContext,
  ) {}

  get started(): boolean {
    return this.res.headersSent;
  }

  /** Writes one frame (sending the headers first if needed); waits if the client is slow. */
  async send(payload: unknown): Promise<void> {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.headersSent) this.res.writeHead(200, sseHeaders);
    this.context.markFirstByte();
    if (!this.res.write(`data: ${JSON.stringify(payload)}\n\n`)) await waitForDrain(this.res);
  }

  finish(): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.headersSent) this.res.writeHead(200, sseHeaders);
    this.res.end('data: [DONE]\n\n');
  }

  /** Ends a started stream with an error frame; the client never hangs. */
  fail(error: GatewayError): void {
    this.context.errorMessage = error.message;
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.end(errorFrame(error));
  }
}
