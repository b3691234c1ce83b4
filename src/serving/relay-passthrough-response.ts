/**
 * Relays an upstream's answer to the client as it arrives, with backpressure, counting its
 * tokens on the way. The head goes out with the first bytes of the body, so an upstream
 * that stalls right after its head can still be answered with a clean 504.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { upstreamError } from '../../core/gateway-error.js';
import { SseEventAligner } from '../streaming/sse-event-aligner.js';
import { framingOf, UsageSniffer } from '../streaming/usage-sniffer.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import type { Exchange } from './exchange.js';
import { hopByHop } from './hop-by-hop.js';
import { readRetryAfter } from './read-retry-after.js';
import { excerpt, readErrorBody } from '../upstream/read-upstream-body.js';

/**
 * The upstream's response headers as the client may see them. Hop-by-hop headers go, and so
 * do `Access-Control-*`: CORS is the gateway's alone (llama-server echoes any `Origin`, which
 * would let every web page read the gateway's answers). A `Vary` the gateway set for CORS is
 * kept beside the upstream's own.
 */
function responseHeaders(proxyRes: IncomingMessage, res: ServerResponse): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(proxyRes.headers)) {
    if (!hopByHop.includes(name) && !name.startsWith('access-control-')) headers[name] = value;
  }
  const ownVary = res.getHeader('vary');
  if (ownVary !== undefined && headers.vary !== undefined) headers.vary = `${String(ownVary)}, ${headers.vary}`;
  return headers;
}

async function failInOpenStream(proxyRes: IncomingMessage, exchange: Exchange, status: number): Promise<AttemptOutcome> {
  const text = await readErrorBody(proxyRes);
  const reason = status >= 500 ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'bad_response';
  return exchange.failedWith(upstreamError(`Connection '${exchange.connection.name}' answered HTTP ${status}: ${excerpt(text)}`, reason));
}

export function relayPassthroughResponse(proxyRes: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<AttemptOutcome> {
  const { context, connection } = exchange;
  const status = proxyRes.statusCode ?? 502;
  const headers = responseHeaders(proxyRes, res);
  headers['x-request-id'] = context.id;
  const framing = framingOf(proxyRes.headers['content-type'], proxyRes.headers['content-encoding']);
  const sniffer = new UsageSniffer(framing);
  const aligner = framing === 'sse' ? new SseEventAligner() : undefined;
  exchange.watch(proxyRes);
  // Waiting notices already opened an SSE stream: an answer that is not one becomes its error event.
  if (res.headersSent && framing !== 'sse') return failInOpenStream(proxyRes, exchange, status);

  const write = (bytes: Buffer): void => {
    if (!res.headersSent) res.writeHead(status, headers);
    context.markFirstByte();
    if (!res.write(bytes)) {
      proxyRes.pause();
      res.once('drain', () => proxyRes.resume());
    }
  };

  return new Promise((resolve) => {
    proxyRes.on('data', (chunk: Buffer) => {
      sniffer.push(chunk);
      const ready = aligner ? aligner.push(chunk) : chunk;
      if (ready.length > 0) write(ready);
    });
    proxyRes.on('end', () => {
      sniffer.end();
      context.usage = sniffer.usage;
      const rest = aligner?.flush();
      if (rest) write(rest);
      if (!res.headersSent) res.writeHead(status, headers);
      res.end();
      resolve(exchange.answeredWith(status, readRetryAfter(proxyRes.headers['retry-after'])));
    });
    proxyRes.on('close', () => {
      if (proxyRes.complete) return;
      context.usage = sniffer.usage;
      // The client has its whole stream: what broke after `[DONE]` is of no concern to it.
      if (aligner?.sawDone) {
        res.end();
        resolve(exchange.answeredWith(status));
        return;
      }
      resolve(exchange.failedWith(upstreamError(`Connection '${connection.name}' closed the answer before it was complete.`, 'disconnected')));
    });
    proxyRes.on('error', () => {
      // 'close' follows and reports the broken answer.
    });
  });
}
