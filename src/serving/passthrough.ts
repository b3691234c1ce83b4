/**
 * Passthrough, on http-proxy-middleware, to a connection whose upstream speaks the
 * client's API (OpenAI-compatible servers; Ollama for its own native API): the request
 * goes upstream as the client sent it (but for `model` and `Authorization`), and the
 * response comes back as it arrives, status, headers and bytes, upstream errors included.
 * Clocks, cancellation and error endings are the attempt's `Exchange`.
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { upstreamBusy, upstreamError } from '../../core/gateway-error.js';
import type { RequestContext } from '../observability/request-context.js';
import type { Connection } from '../upstream/connection.js';
import { isStaleSocketFailure, watchSocketAfterStream } from '../upstream/socket-reuse.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { isBusyRefusal } from './attempt-outcome.js';
import { Exchange } from './exchange.js';
import { hopByHop } from './hop-by-hop.js';
import { relayPassthroughResponse } from './relay-passthrough-response.js';
import { readRetryAfter } from './read-retry-after.js';

export interface PassthroughAttempt {
  /** Bytes to send upstream. */
  body: Buffer;
  /** Path below the connection's base URL, query string included (`/chat/completions`). */
  path: string;
  context: RequestContext;
  /** Whether a 5xx, 429 or 503 answer may be dropped so that another connection is tried. */
  mayRetry: boolean;
}


interface Forwarding {
  attempt: PassthroughAttempt;
  exchange: Exchange;
  settle(outcome: AttemptOutcome): void;
  proxyReq?: ClientRequest;
  /** Set once the request was sent again on a fresh socket after a stale pooled one. */
  fresh: boolean;
}

/** One proxy per OpenAI-compatible connection, on the connection's keep-alive pool. */
export class PassthroughProxy {
  private readonly forwardings = new WeakMap<IncomingMessage, Forwarding>();
  private readonly pooled: RequestHandler;
  /** For the one retry of a request whose pooled socket the upstream had closed. */
  private readonly unpooled: RequestHandler;

  constructor(private readonly connection: Connection) {
    this.pooled = this.createForwarder(connection.agent);
    this.unpooled = this.createForwarder(false);
  }

  /** Resolves with the attempt's outcome; never rejects. */
  forward(req: IncomingMessage, res: ServerResponse, attempt: PassthroughAttempt): Promise<AttemptOutcome> {
    return new Promise((resolve) => {
      const exchange = new Exchange(this.connection, attempt.context, res);
      let settled = false;
      const forwarding: Forwarding = {
        attempt,
        exchange,
        fresh: false,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          resolve(outcome);
        },
      };
      this.forwardings.set(req, forwarding);
      for (const name of hopByHop) delete req.headers[name];
      req.url = attempt.path;
      this.run(this.pooled, req, res, forwarding);
    });
  }

  private run(forwarder: RequestHandler, req: IncomingMessage, res: ServerResponse, forwarding: Forwarding): void {
    const fail = (error: unknown) => forwarding.settle(forwarding.exchange.failedWith(error));
    forwarder(req, res, fail).catch(fail);
  }

  private createForwarder(agent: Connection['agent'] | false): RequestHandler {
    const { connection } = this;
    return createProxyMiddleware({
      target: connection.config.base_url,
      changeOrigin: true,
      selfHandleResponse: true,
      ejectPlugins: true,
      agent,
      headers: connection.upstreamHeaders,
      plugins: [
        (proxyServer) => {
          proxyServer.on('proxyReq', (proxyReq, req) => this.sendBody(proxyReq, req));
          proxyServer.on('proxyRes', (proxyRes, req, res) => this.onResponse(proxyRes, req, res));
          proxyServer.on('error', (error, req, res) => this.onError(error, req, res as ServerResponse));
          // http-proxy reports a reset caused by the client going away here instead of 'error'.
          proxyServer.on('econnreset', (error, req) => {
            const forwarding = this.forwardings.get(req);
            forwarding?.settle(forwarding.exchange.failedWith(error));
          });
        },
      ],
    });
  }

  private sendBody(proxyReq: ClientRequest, req: IncomingMessage): void {
    const forwarding = this.forwardings.get(req);
    // Each forwarding sends its body once, on its own request.
    if (!forwarding || forwarding.proxyReq) return;
    forwarding.proxyReq = proxyReq;
    const { body, context } = forwarding.attempt;
    forwarding.exchange.onAbort(() => proxyReq.destroy());
    if (!this.connection.config.api_key) proxyReq.removeHeader('authorization');
    proxyReq.setHeader('x-request-id', context.id);
    if (context.stream && this.connection.closesAfterStreams) proxyReq.setHeader('connection', 'close');
    // The body parser already decoded a compressed body: what goes upstream is plain.
    proxyReq.removeHeader('content-encoding');
    proxyReq.setHeader('content-length', body.length);
    // The body was read to route the request; http-proxy ends proxyReq right after this.
    if (body.length > 0) proxyReq.write(body);
  }

  private onError(error: Error, req: IncomingMessage, res: ServerResponse): void {
    const forwarding = this.forwardings.get(req);
    if (!forwarding) return;
    const { proxyReq, exchange } = forwarding;
    if (!forwarding.fresh && proxyReq && !res.headersSent && isStaleSocketFailure(proxyReq, error, exchange.signal)) {
      forwarding.fresh = true;
      forwarding.proxyReq = undefined;
      this.connection.observer.staleSocketRetried(this.connection);
      this.run(this.unpooled, req, res, forwarding);
      return;
    }
    forwarding.settle(exchange.failedWith(error));
  }

  private onResponse(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
    const forwarding = this.forwardings.get(req);
    if (!forwarding) {
      proxyRes.resume();
      return;
    }
    const { exchange, attempt } = forwarding;
    exchange.onAbort(() => proxyRes.destroy());
    const status = proxyRes.statusCode ?? 502;
    attempt.context.upstreamStatus = status;
    if (attempt.mayRetry && (status >= 500 || isBusyRefusal(status))) {
      proxyRes.resume();
      const retryAfter = readRetryAfter(proxyRes.headers['retry-after']);
      const message = `Connection '${this.connection.name}' answered HTTP ${status}.`;
      forwarding.settle(exchange.failedWith(isBusyRefusal(status) ? upstreamBusy(message, status as 429 | 503, retryAfter) : upstreamError(message, 'http_5xx')));
      return;
    }
    if (attempt.context.stream) watchSocketAfterStream(this.connection, proxyRes);
    relayPassthroughResponse(proxyRes, res, exchange).then(forwarding.settle, (error: unknown) => forwarding.settle(exchange.failedWith(error)));
  }
}
