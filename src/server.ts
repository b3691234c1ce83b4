/**
 * Starts and stops a gateway: listens, and on shutdown stops accepting, lets in-flight
 * requests and streams finish within `shutdown_timeout_ms`, then closes what is left.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/schema.js';
import { createApp } from './app.js';
import { answerClientError } from './edge/answer-client-error.js';
import { trackConnections, type ConnectionTracker } from './edge/track-client-sockets.js';
import { Gateway } from './gateway.js';
import { createStateStore } from './state/create-state-store.js';
import { createLogger, type Logger } from './observability/logger.js';
import { shuttingDown } from '../core/gateway-error.js';
import { errorFrame } from './streaming/sse-writer.js';
import { contextOf } from './observability/request-context.js';

export interface RunningGateway {
  gateway: Gateway;
  server: Server;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  url: string;
  port: number;
  /** Graceful stop; resolves once every connection is closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The configuration file's folder: a relative `state.path` is taken from there. */
  baseDir?: string;
}

export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger(config.server.log_level, undefined, config.server.log_format),
  options: StartOptions = {},
): Promise<RunningGateway> {
  const state = await createStateStore(config.state, { baseDir: options.baseDir ?? process.cwd(), logger });
  const gateway = new Gateway(config, logger, state);
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, maxHeaderSize: 32 * 1024 }, createApp(gateway));
  // A stream may be silent for long while a model loads; timeouts are the gateway's own.
  server.headersTimeout = 60_000;
  // Header overflow and malformed requests get an OpenAI-shaped 431/400, not a bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'HPE_HEADER_OVERFLOW') gateway.countEarlyRefusal('headers_too_large');
    answerClientError(error, socket);
  });
  const connections = trackConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  gateway.start();
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  let closing: Promise<void> | undefined;
  return {
    gateway,
    server,
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= shutDown(server, gateway, config.server.shutdown_timeout_ms, connections);
      return closing;
    },
  };
}

async function shutDown(server: Server, gateway: Gateway, timeoutMs: number, connections: ConnectionTracker): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets are closed now; busy ones once their response is done.
  connections.closeIdle();
  const idleSweep = setInterval(() => connections.closeIdle(), 250);
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
  clearInterval(idleSweep);
  if (outcome === 'timeout') {
    gateway.logger.warn({ timeout_ms: timeoutMs, open: gateway.openResponses.size }, 'shutdown timeout reached; closing remaining connections');
    endOpenResponses(gateway);
    server.closeAllConnections();
    await closed;
  }
  await gateway.stop();
}

/** Streams still running when time is up get a final error frame instead of a cut. */
function endOpenResponses(gateway: Gateway): void {
  const error = shuttingDown();
  for (const res of gateway.openResponses) {
    contextOf(res).abort.abort(error);
    if (res.writableEnded) continue;
    if (res.headersSent && String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) res.end(errorFrame(error));
    else if (!res.headersSent) {
      res.setHeader('retry-after', '1');
      res.status(error.status).json(error.toJSON());
    }
  }
}
