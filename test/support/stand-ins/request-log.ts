/**
 * The stand-ins' request log: what arrived, and whether the client hung up before the
 * answer was complete, so tests can prove the gateway cancels upstream work (and how fast).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { RecordedRequest } from './stand-in-types.js';

/** Parses a request body the way a test wants to look at it: JSON when it is JSON. */
export function parseRecordedBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Creates the record of an arriving request (its body is filled in once read). */
export function createRecordedRequest(req: IncomingMessage): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    headers: { ...req.headers },
    body: undefined,
    receivedAt: performance.now(),
    finished: false,
    scenario: 'normal',
  };
}

/**
 * Follows the response: `finished` once fully sent, `closedAt` when the connection
 * closed first. Calls `onClose` in both cases so pending timers can stop.
 */
export function watchResponse(record: RecordedRequest, res: ServerResponse, onClose: () => void): void {
  res.on('finish', () => {
    record.finished = true;
  });
  res.on('close', () => {
    // writableFinished turns true when the socket is destroyed too; only 'finish' proves delivery.
    if (!record.finished) record.closedAt ??= performance.now();
    onClose();
  });
}
