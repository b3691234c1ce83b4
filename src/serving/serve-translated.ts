/**
 * Serves a request through an adapter's translation: sends the translated call, then
 * translates the whole answer, or the stream frame by frame as it arrives.
 */
import type { Response } from 'express';
import type { Adapter, EndpointTranslation, StreamTranslator, TranslateContext } from '../../core/adapter.js';
import { upstreamBusy } from '../../core/gateway-error.js';
import type { RequestContext } from '../observability/request-context.js';
import { parseUpstreamFrames } from '../streaming/parse-upstream-frames.js';
import type { Connection } from '../upstream/connection.js';
import { readErrorBody, readJsonBody } from '../upstream/read-upstream-body.js';
import { sendUpstream } from '../upstream/send-upstream.js';
import type { AnswerSink } from './answer-sink.js';
import { isBusyRefusal, type AttemptOutcome } from './attempt-outcome.js';
import { consumeFrames } from './consume-frames.js';
import { Exchange } from './exchange.js';
import { readRetryAfter } from './read-retry-after.js';

export interface TranslatedAttempt<Request, Answer, Chunk> {
  connection: Connection;
  adapter: Adapter;
  translation: EndpointTranslation<Request, Answer, Chunk>;
  /** The validated request, the alias's defaults filled in. */
  request: Request;
  stream: boolean;
  translateContext: TranslateContext;
  context: RequestContext;
  sink: AnswerSink<Answer, Chunk>;
}

/** Resolves with the attempt's outcome; never rejects. */
export async function serveTranslated<Request, Answer, Chunk>(attempt: TranslatedAttempt<Request, Answer, Chunk>, res: Response): Promise<AttemptOutcome> {
  const { connection, adapter, translation, request, translateContext, context, sink } = attempt;
  const exchange = new Exchange(connection, context, res, sink.errorEvent);
  try {
    const call = translation.request(request, translateContext);
    const stream = attempt.stream && translation.stream !== undefined;
    const response = await sendUpstream(connection, call, { signal: exchange.signal, requestId: context.id, stream });
    exchange.watch(response);
    const status = response.statusCode ?? 502;
    if (status < 200 || status >= 300) {
      const text = await readErrorBody(response);
      if (isBusyRefusal(status)) {
        throw upstreamBusy(`Connection '${connection.name}' is busy (HTTP ${status}).`, status as 429 | 503, readRetryAfter(response.headers['retry-after']));
      }
      throw adapter.translateError(status, text, translateContext);
    }
    if (stream && translation.stream) {
      const translator = translation.stream(request, translateContext);
      await relayStream(translator, parseUpstreamFrames(response, adapter.framing), attempt, res);
    } else {
      const translated = translation.response(await readJsonBody(connection, response, exchange.signal), request, translateContext);
      context.usage = translated.usage;
      if (translated.notes?.toolChoiceMissed) context.toolChoiceMissed = true;
      await sink.whole(translated.response);
    }
    return exchange.answeredWith(status);
  } catch (error) {
    return exchange.failedWith(error);
  }
}

async function relayStream<Request, Answer, Chunk>(
  translator: StreamTranslator<Chunk>,
  frames: ReturnType<typeof parseUpstreamFrames>,
  attempt: TranslatedAttempt<Request, Answer, Chunk>,
  res: Response,
): Promise<void> {
  const { sink, context } = attempt;
  try {
    await consumeFrames(frames, res, (frame) => writeAll(sink, translator.push(frame)));
    await writeAll(sink, translator.end());
    sink.finish();
  } finally {
    context.usage = translator.usage;
    if (translator.notes?.toolChoiceMissed) context.toolChoiceMissed = true;
  }
}

/**
 * Writes chunks in order; false when the client is slow. Synchronous while the sink is
 * (the common case, once per token); a sink whose hooks are async makes it a promise.
 */
function writeAll<Chunk>(sink: AnswerSink<unknown, Chunk>, chunks: Chunk[]): boolean | Promise<boolean> {
  let writable = true;
  for (let index = 0; index < chunks.length; index += 1) {
    const written = sink.chunk(chunks[index] as Chunk);
    if (typeof written !== 'boolean') {
      return written.then(async (first) => {
        let all = first && writable;
        for (const rest of chunks.slice(index + 1)) all = (await sink.chunk(rest)) && all;
        return all;
      });
    }
    writable = written && writable;
  }
  return writable;
}
