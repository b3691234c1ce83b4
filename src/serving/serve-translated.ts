/**
 * Serves a request through a translating adapter: sends the translated call, then
 * translates the whole answer, or the stream frame by frame as it arrives.
 */
import { pipeline } from 'node:stream/promises';
import type { Duplex, Readable } from 'node:stream';
import type { Response } from 'express';
import ndjson from 'ndjson';
import type { EndpointTranslation, TranslateContext, TranslatingAdapter, UpstreamCall } from '../../core/adapter.js';
import type { Connection } from '../upstream/connection.js';
import type { RequestContext } from '../observability/request-context.js';
import { SseWriter, waitForDrain } from '../streaming/sse-writer.js';
import { parseSseData } from '../streaming/sse-parser.js';
import { createAttemptSignal, readJsonBody, readTextBody, sendUpstream, type UpstreamResponse } from '../upstream/upstream-client.js';
import { toGatewayError } from '../upstream/upstream-failure.js';
import { upstreamError } from '../../core/gateway-error.js';

export interface TranslatedAttempt<Request> {
  connection: Connection;
  adapter: TranslatingAdapter;
  translation: EndpointTranslation<Request, unknown, unknown>;
  body: Request & { stream?: boolean | null };
  translateContext: TranslateContext;
  context: RequestContext;
}

/** Longest NDJSON line accepted from an upstream. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Parses an upstream stream into frames according to the adapter's framing. */
function parseFrames(body: Readable, framing: TranslatingAdapter['framing']): Readable {
  // A longer line is a broken upstream, not a reply; unbounded, it would be buffered until timeout_ms.
  const ndjsonOptions = { strict: true, maxLength: MAX_LINE_BYTES }; // split2's option; @types/ndjson omits it
  const parser: Duplex = framing === 'ndjson' ? (ndjson.parse(ndjsonOptions) as unknown as Duplex) : parseSseData();
  // Errors on either side reach the parser's 'error' event; this promise only must not go unhandled.
  pipeline(body, parser).catch(() => undefined);
  return parser;
}

/**
 * Sends one translated call and hands the 2xx answer to `handle`; a non-2xx answer becomes
 * the adapter's error. Owns the attempt's timeout and cancellation, and maps whatever
 * fails to a GatewayError naming the connection.
 */
export async function callTranslated(
  connection: Connection,
  adapter: TranslatingAdapter,
  call: UpstreamCall,
  translateContext: TranslateContext,
  context: RequestContext,
  handle: (response: UpstreamResponse, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const attemptSignal = createAttemptSignal(context.abort.signal, connection.config.timeout_ms);
  const { signal } = attemptSignal;
  try {
    const response = await sendUpstream(connection, call, { signal, requestId: context.id });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw adapter.translateError(response.statusCode, await readTextBody(connection, response.body, signal), translateContext);
    }
    await handle(response, signal);
  } catch (error) {
    throw toGatewayError(error, connection.name, signal);
  } finally {
    attemptSignal.dispose();
  }
}

export function serveTranslated<Request>(attempt: TranslatedAttempt<Request>, res: Response): Promise<void> {
  const { connection, adapter, translation, body, translateContext, context } = attempt;
  const call = translation.request(body, translateContext);
  return callTranslated(connection, adapter, call, translateContext, context, async (response, signal) => {
    if (body.stream === true) {
      await relayStream(attempt, parseFrames(response.body, adapter.framing), res, signal);
      return;
    }
    const translated = translation.response(await readJsonBody(connection, response.body, signal), translateContext);
    context.usage = translated.usage;
    context.markFirstByte();
    res.setHeader('x-request-id', context.id);
    res.json(translated.response);
  });
}

/**
 * Hands each parsed frame to `onFrame` as it arrives. Event-driven rather than `for await`:
 * this runs once per token of every stream. While the client is slow the upstream is
 * paused, so nothing piles up.
 */
function consumeFrames(frames: Readable, res: Response, onFrame: (frame: unknown) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    frames.on('data', (frame: unknown) => {
      let writable: boolean;
      try {
        writable = onFrame(frame);
      } catch (error) {
        frames.destroy();
        reject(error);
        return;
      }
      if (!writable) {
        frames.pause();
        void waitForDrain(res).then(() => frames.resume());
      }
    });
    frames.once('end', resolve);
    frames.once('error', reject);
    frames.once('close', () => {
      if (!frames.readableEnded) reject(upstreamError('The upstream stream closed before it was complete.', 'disconnected'));
    });
  });
}

async function relayStream<Request>(attempt: TranslatedAttempt<Request>, frames: Readable, res: Response, signal: AbortSignal): Promise<void> {
  const { translation, body, translateContext, context, connection } = attempt;
  const translator = translation.stream(body, translateContext);
  const writer = new SseWriter(res, context);
  res.setHeader('x-request-id', context.id);
  const writeAll = (chunks: unknown[]): boolean => chunks.reduce<boolean>((writable, chunk) => writer.write(chunk) && writable, true);
  try {
    await consumeFrames(frames, res, (frame) => writeAll(translator.push(frame)));
    writeAll(translator.end());
    context.usage = translator.usage;
    writer.finish();
  } catch (error) {
    context.usage = translator.usage;
    const failure = toGatewayError(error, connection.name, signal);
    // Before the first frame another connection may still be tried; after it, the client gets an error frame.
    if (writer.started) writer.fail(failure);
    throw failure;
  }
}
