/**
 * While a streaming request waits (queued for a connection's slot, or for its first token
 * while the model loads), a line every `routing.stream_keepalive_ms`, so that neither the
 * client nor a proxy in between gives up during a long model load. SSE comment lines by
 * default (`: queued 3`), which every SSE parser skips; with `routing.status_events`,
 * Open WebUI status events (`data: {"event": {"type": "status", …}}`) instead.
 */
import type { ServerResponse } from 'node:http';
import type { RequestContext } from '../observability/request-context.js';
import { sseHeaders } from '../streaming/sse-writer.js';

export interface WaitingNotices {
  /** What the request waits for now, as the next notice says it. */
  describe: () => string;
  /** What it waits for when not queued: the model (loading, thinking), or another connection after a failure. */
  phase: string;
  stop(): void;
}

export interface NoticeSettings {
  intervalMs: number;
  statusEvents: boolean;
}

function formatNotice(text: string, statusEvents: boolean): string {
  if (!statusEvents) return `: ${text}\n\n`;
  return `data: ${JSON.stringify({ event: { type: 'status', data: { description: text, done: false } } })}\n\n`;
}

/** Starts the notices; they stop by themselves once the answer's first byte went out or the response ended. */
export function startWaitingNotices(res: ServerResponse, context: RequestContext, settings: NoticeSettings, describe: () => string): WaitingNotices {
  const notices: WaitingNotices = { describe, phase: 'waiting for the model', stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    if (context.firstByteAt !== undefined || res.writableEnded || res.destroyed) {
      clearInterval(timer);
      return;
    }
    if (!res.headersSent) res.writeHead(200, sseHeaders);
    res.write(formatNotice(notices.describe(), settings.statusEvents));
  }, settings.intervalMs);
  timer.unref();
  return notices;
}
