/**
 * Passthrough for OpenAI-compatible connections, on http-proxy-middleware: the request
 * goes upstream as the client sent it (but for `model` and `Authorization`), and the
 * response comes back as it arrives, status, headers and bytes, upstream errors included.
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import type { Connection } from '../upstream/connection.js';
import { GatewayError, upstreamError, upstreamTimeout } from '../../core/gateway-error.js';
import type { RequestContext } from '../observability/request-context.js';
import { errorFrame } from '../streaming/sse-writer.js';
import { toGatewayError } from '../upstream/upstream-failure.js';
import { framingOf, UsageSniffer } from '../streaming/usage-sniffer.js';

export interface PassthroughAttempt {
  /** Bytes to send upstream. */
  body: Buffer;
  /** Path below the connection's base URL, query string included (`/chat/completions`). */
  path: string;
  context: RequestContext;
  /** Whether a 5xx answer may be dropped so that another connection is tried. */
  mayRetry: boolean;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded, in either direction.
const hopByHop = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'];

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

/** One request's exchange with one connection. */
class Exchange {
  proxyReq: ClientRequest | undefined;
  proxyRes: IncomingMessage | undefined;
  private settled = false;
  private totalTimer: NodeJS.Timeout;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly connection: Connection,
    readonly attempt: PassthroughAttempt,
    private readonly res: ServerResponse,
    private readonly resolve: () => void,
    private readonly reject: (error: GatewayError) => void,
  ) {
    const { timeout_ms } = connection.config;
    this.totalTimer = setTimeout(() => this.fail(upstreamTimeout(`Connection '${connection.name}' did not finish within timeout_ms (${timeout_ms} ms).`)), timeout_ms);
    res.once('close', this.onClientClose);
  }

  get started(): boolean {
    return this.proxyRes !== undefined && this.res.headersSent;
  }

  /** Streams the upstream's answer to the client as it arrives. */
  respond(proxyRes: IncomingMessage): void {
    this.proxyRes = proxyRes;
    const { res, attempt } = this;
    attempt.context.upstreamStatus = proxyRes.statusCode;
    const headers = responseHeaders(proxyRes, res);
    headers['x-request-id'] = attempt.context.id;
    res.writeHead(proxyRes.statusCode ?? 502, headers);
    const contentType = proxyRes.headers['content-type'];
    const framing = framingOf(contentType, proxyRes.headers['content-encoding']);
    const sniffer = new UsageSniffer(framing);
    this.armIdleTimer();
    proxyRes.on('data', (chunk: Buffer) => {
      attempt.context.markFirstByte();
      this.armIdleTimer();
      sniffer.push(chunk);
      if (!res.write(chunk)) {
        proxyRes.pause();
        res.once('drain', () => proxyRes.resume());
      }
    });
    proxyRes.on('end', () => {
      sniffer.end();
      attempt.context.usage = sniffer.usage;
      this.settle();
      res.end();
      this.resolve();
    });
    proxyRes.on('close', () => {
      if (!proxyRes.complete) this.fail(upstreamError(`Connection '${this.connection.name}' closed the stream before it was complete.`, 'disconnected'));
    });
    proxyRes.on('error', () => {
      // 'close' follows and reports the broken stream.
    });
  }

  /** Ends the exchange with an error: rejected before any byte, an error frame after. */
  fail(error: GatewayError): void {
    if (this.settled) return;
    this.settle();
    this.proxyReq?.destroy();
    this.proxyRes?.destroy();
    const { res } = this;
    if (res.headersSent && !res.writableEnded) {
      const isStream = String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
      // A non-stream body cannot carry an error frame: cutting it short tells the client.
      if (isStream) res.end(errorFrame(error));
      else res.destroy();
      this.attempt.context.errorMessage = error.message;
    }
    this.reject(error);
  }

  private armIdleTimer(): void {
    const { idle_timeout_ms } = this.connection.config;
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(() => this.fail(upstreamTimeout(`Connection '${this.connection.name}' sent nothing for idle_timeout_ms (${idle_timeout_ms} ms).`)), idle_timeout_ms);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
    this.res.off('close', this.onClientClose);
  }

  private readonly onClientClose = (): void => {
    if (this.settled || this.res.writableFinished) return;
    this.settle();
    this.proxyReq?.destroy();
    this.proxyRes?.destroy();
    this.resolve();
  };
}

/** One proxy per OpenAI-compatible connection, with a keep-alive pool to its upstream. */
export class PassthroughProxy {
  private readonly exchanges = new WeakMap<IncomingMessage, Exchange>();
  private readonly middleware: RequestHandler;

  constructor(private readonly connection: Connection) {
    this.middleware = createProxyMiddleware({
      target: connection.config.base_url,
      changeOrigin: true,
      selfHandleResponse: true,
      ejectPlugins: true,
      agent: connection.agent,
      headers: connection.upstreamHeaders,
      plugins: [
        (proxyServer) => {
          proxyServer.on('proxyReq', (proxyReq, req) => this.sendBody(proxyReq, req));
          proxyServer.on('proxyRes', (proxyRes, req) => this.onResponse(proxyRes, req));
          proxyServer.on('error', (error, req) => {
            const exchange = this.exchanges.get(req as IncomingMessage);
            exchange?.fail(toGatewayError(error, connection.name));
          });
          proxyServer.on('econnreset', () => {
            // The client went away first; the exchange has already ended itself.
          });
        },
      ],
    });
  }

  /**
   * Resolves when the exchange is over (answered, or cut short by the client); rejects with
   * a GatewayError when it failed — before any byte reached the client, another connection
   * may then be tried.
   */
  forward(req: IncomingMessage, res: ServerResponse, attempt: PassthroughAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(this.connection, attempt, res, resolve, reject);
      this.exchanges.set(req, exchange);
      for (const name of hopByHop) delete req.headers[name];
      req.url = attempt.path;
      this.middleware(req, res, (error: unknown) => exchange.fail(toGatewayError(error, this.connection.name))).catch((error: unknown) =>
        exchange.fail(toGatewayError(error, this.connection.name)),
      );
    });
  }

  private sendBody(proxyReq: ClientRequest, req: IncomingMessage): void {
    const exchange = this.exchanges.get(req);
    // Each exchange sends its body once, on its own request.
    if (!exchange || exchange.proxyReq) return;
    exchange.proxyReq = proxyReq;
    const { body, context } = exchange.attempt;
    if (!this.connection.config.api_key) proxyReq.removeHeader('authorization');
    proxyReq.setHeader('x-request-id', context.id);
    // The body parser already decoded a compressed body: what goes upstream is plain.
    proxyReq.removeHeader('content-encoding');
    proxyReq.setHeader('content-length', body.length);
    // The body was read to route the request; http-proxy ends proxyReq right after this.
    if (body.length > 0) proxyReq.write(body);
  }

  private onResponse(proxyRes: IncomingMessage, req: IncomingMessage): void {
    const exchange = this.exchanges.get(req);
    if (!exchange) {
      proxyRes.resume();
      return;
    }
    const status = proxyRes.statusCode ?? 502;
    if (status >= 500 && exchange.attempt.mayRetry) {
      proxyRes.resume();
      exchange.fail(upstreamError(`Connection '${this.connection.name}' answered HTTP ${status}.`, 'http_5xx'));
      return;
    }
    exchange.respond(proxyRes);
  }
}
