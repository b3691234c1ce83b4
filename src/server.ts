/**
 * Starts and stops a gateway: listens, hands each request to the gateway of the live
 * configuration (a reload swaps in another; see reload/live-gateway.ts), and on shutdown
 * stops accepting, lets in-flight requests and streams finish within
 * `shutdown_timeout_ms`, then closes what is left.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/schema.js';
import { answerClientError } from './edge/answer-client-error.js';
import { trackConnections, type ConnectionTracker } from './edge/track-client-sockets.js';
import type { Gateway } from './gateway.js';
import { createLogger, type Logger } from './observability/logger.js';
import { LiveGateway, type ReloadOutcome } from './reload/live-gateway.js';
import { endOpenResponses } from './reload/retire-gateway.js';

export type { ReloadOutcome } from './reload/live-gateway.js';

export interface RunningGateway {
  /** The gateway new requests go to; another one after a reload. */
  readonly gateway: Gateway;
  /** The live configuration's version (`1-3fa9c1`, then `2-…` after a reload), as `/ready` reports it. */
  readonly configVersion: string;
  server: Server;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  url: string;
  port: number;
  /**
   * Serves new requests with `config` (validated already); requests running keep the
   * configuration they started with. Rejects, leaving the running one, when it cannot be built.
   */
  reload(config: GatewayConfig, trigger?: string): Promise<ReloadOutcome>;
  /** Graceful stop; resolves once every connection is closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The configuration file's folder: a relative `state.path` is taken from there. */
  baseDir?: string;
}

function listen(server: Server, { port, host }: GatewayConfig['server']): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger(config.server.log_level, undefined, config.server.log_format),
  options: StartOptions = {},
): Promise<RunningGateway> {
  const live = await LiveGateway.open(config, { baseDir: options.baseDir ?? process.cwd(), logger });
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, maxHeaderSize: 32 * 1024 }, (req, res) => live.app(req, res));
  // A stream may be silent for long while a model loads; timeouts are the gateway's own.
  server.headersTimeout = 60_000;
  // Header overflow and malformed requests get an OpenAI-shaped 431/400, not a bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'HPE_HEADER_OVERFLOW') live.gateway.countEarlyRefusal('headers_too_large');
    answerClientError(error, socket);
  });
  const connections = trackConnections(server);
  try {
    await listen(server, config.server);
  } catch (error) {
    await live.stop();
    throw error;
  }
  live.start();
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  let closing: Promise<void> | undefined;
  return {
    get gateway() {
      return live.gateway;
    },
    get configVersion() {
      return live.version;
    },
    server,
    port,
    url: `http://${host}:${port}`,
    reload: (next, trigger = 'reload()') => live.replace(next, trigger),
    close() {
      closing ??= shutDown(server, live, connections);
      return closing;
    },
  };
}

async function shutDown(server: Server, live: LiveGateway, connections: ConnectionTracker): Promise<void> {
  const timeoutMs = live.gateway.config.server.shutdown_timeout_ms;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets are closed now; busy ones once their response is done.
  connections.closeIdle();
  const idleSweep = setInterval(() => connections.closeIdle(), 250);
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
  clearInterval(idleSweep);
  if (outcome === 'timeout') {
    const open = live.gateways.reduce((count, gateway) => count + gateway.openResponses.size, 0);
    live.gateway.logger.warn({ timeout_ms: timeoutMs, open }, 'shutdown timeout reached; closing remaining connections');
    for (const gateway of live.gateways) endOpenResponses(gateway);
    server.closeAllConnections();
    await closed;
  }
  await live.stop();
}
