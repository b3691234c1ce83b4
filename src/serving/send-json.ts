import type { ServerResponse } from 'node:http';

/**
 * Writes a whole JSON answer in one go: what Express's `res.json` sends, without its
 * per-call work (freshness check, charset negotiation) that a generated answer never
 * needs. This runs once per non-streamed answer.
 */
export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
