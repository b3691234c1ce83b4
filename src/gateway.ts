/**
 * Everything one running gateway holds: its connections, model catalog, router, metrics,
 * health checker and passthrough proxies. Routes receive it instead of reaching for globals.
 */
import type { Response } from 'express';
import type { GatewayConfig } from '../config/schema.js';
import { Connection } from './upstream/connection.js';
import { HealthChecker } from './upstream/health-checker.js';
import type { Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { ModelCatalog } from './routing/model-catalog.js';
import { PassthroughProxy } from './serving/passthrough.js';
import { ModelRouter } from './routing/model-router.js';

export class Gateway {
  readonly connections: Connection[];
  readonly metrics: GatewayMetrics;
  readonly catalog: ModelCatalog;
  readonly router: ModelRouter;
  readonly health: HealthChecker;
  /** Responses not yet closed, so a shutdown that runs out of time can end them cleanly. */
  readonly openResponses = new Set<Response>();
  private readonly proxies = new Map<string, PassthroughProxy>();

  constructor(
    readonly config: GatewayConfig,
    readonly logger: Logger,
  ) {
    this.connections = config.connections.map((connection) => new Connection(connection));
    this.metrics = new GatewayMetrics(this.connections.map((connection) => connection.name));
    this.catalog = new ModelCatalog(this.connections, config.models, config.models_cache_ttl_ms, config.health_checks.timeout_ms, logger);
    this.router = new ModelRouter(this.catalog);
    this.health = new HealthChecker(this.connections, config.health_checks, this.metrics, logger);
  }

  /** The passthrough proxy of a connection, made on first use. */
  proxyFor(connection: Connection): PassthroughProxy {
    let proxy = this.proxies.get(connection.name);
    if (!proxy) {
      proxy = new PassthroughProxy(connection);
      this.proxies.set(connection.name, proxy);
    }
    return proxy;
  }

  start(): void {
    this.health.start();
  }

  async stop(): Promise<void> {
    this.health.stop();
    for (const connection of this.connections) connection.close();
  }
}
