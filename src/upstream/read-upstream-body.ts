/**
 * Reads whole upstream bodies (non-stream answers, error answers, model lists), bounded:
 * an error body is cut at `errorBodyLimit` with a note, so a proxy's huge error page
 * cannot fill memory.
 */
import type { IncomingMessage } from 'node:http';
import { upstreamError } from '../../core/gateway-error.js';
import type { Connection } from './connection.js';
import { toGatewayError } from './upstream-failure.js';

/** The most of an error answer that is read; the rest is dropped. */
export const errorBodyLimit = 1024 * 1024;

/**
 * Reads a whole body as text; a body cut short is an upstream failure. Event-driven
 * rather than `for await`: this runs once per non-streamed answer.
 */
export function readTextBody(connection: Connection, body: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => {
      if (body.complete) resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      else reject(upstreamError(`Connection '${connection.name}' closed the connection before the body was complete.`, 'disconnected'));
    });
    body.once('error', (error) => reject(toGatewayError(error, connection.name, signal)));
    body.once('close', () => {
      if (!body.readableEnded) reject(toGatewayError(signal.aborted ? signal.reason : upstreamError(`Connection '${connection.name}' closed the connection before the body was complete.`, 'disconnected'), connection.name, signal));
    });
  });
}

/** Reads at most `errorBodyLimit` of an error answer, then stops reading; never fails. */
export async function readErrorBody(body: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= errorBodyLimit) {
        body.destroy();
        return `${Buffer.concat(chunks).subarray(0, errorBodyLimit).toString('utf8')} … (cut: the error answer is longer than ${errorBodyLimit} bytes)`;
      }
    }
  } catch {
    // What arrived before the break still explains the error best.
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a whole JSON body, mapping unreadable or non-JSON bodies to 502. */
export async function readJsonBody(connection: Connection, body: IncomingMessage, signal: AbortSignal): Promise<unknown> {
  const text = await readTextBody(connection, body, signal);
  try {
    return JSON.parse(text);
  } catch {
    throw upstreamError(`Connection '${connection.name}' answered with a body that is not JSON: ${excerpt(text)}`, 'bad_response');
  }
}

export function excerpt(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
