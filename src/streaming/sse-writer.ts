/**
 * Server-sent events to the client, in OpenAI's framing: `data: <json>\n\n` frames ending
 * with `data: [DONE]`, or with a final `data: {"error": …}` frame when the stream fails.
 */
import type { Response } from 'express';
import type { GatewayError } from '../../core/gateway-error.js';
import type { RequestContext } from '../observability/request-context.js';

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
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

  /**
   * Writes one frame, sending the headers first if needed. Returns false when the client
   * is slow and the caller should wait for `drain` before writing more.
   */
  write(payload: unknown): boolean {
    if (this.res.writableEnded || this.res.destroyed) return true;
    if (!this.res.headersSent) this.res.writeHead(200, sseHeaders);
    this.context.markFirstByte();
    return this.res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  finish(): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.headersSent) this.res.writeHead(200, sseHeaders);
    this.res.end('data: [DONE]\n\n');
  }
}
