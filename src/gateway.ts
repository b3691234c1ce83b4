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
import type { StateStore } from './state/state-store.js';
import type { LoadedHook } from './hooks/hook-types.js';
import { observeConnections } from './observability/observe-connections.js';
import { registerFleetMetrics } from './observability/fleet-metrics.js';
import { LoadMonitor } from './upstream/load/load-monitor.js';

export class Gateway {
  readonly connections: Connection[];
  readonly metrics: GatewayMetrics;
  readonly catalog: ModelCatalog;
  readonly router: ModelRouter;
  readonly health: HealthChecker;
  /** The upstreams' own load signals, polled in the background (never on a request's path). */
  readonly load: LoadMonitor;
  /** Responses not yet closed, so a shutdown that runs out of time can end them cleanly. */
  readonly openResponses = new Set<Response>();
  private readonly proxies = new Map<string, PassthroughProxy>();

  constructor(
    readonly config: GatewayConfig,
    readonly logger: Logger,
    /** Rate limits, shared breaker state and stored responses (`state.store`). */
    readonly state: StateStore,
    /** The configuration's hook modules, loaded. */
    readonly hooks: readonly LoadedHook[] = [],
  ) {
    this.connections = config.connections.map((connection) => new Connection(connection));
    this.metrics = new GatewayMetrics(this.connections.map((connection) => connection.name));
    this.catalog = new ModelCatalog(this.connections, config.models, config.models_cache_ttl_ms, config.health_checks.timeout_ms, logger);
    this.load = new LoadMonitor(this.connections, config.health_checks, logger);
    this.router = new ModelRouter(this.catalog, config.routing, this.load);
    registerFleetMetrics(this.metrics.registry, this.connections, this.load, (connection) => this.catalog.servedModels(connection));
    this.health = new HealthChecker(this.connections, config.health_checks, this.metrics, logger, (connection) => this.recover(connection));
    this.metrics.stateStoreUp.set(state.up ? 1 : 0);
    state.onUpChange((up) => this.metrics.stateStoreUp.set(up ? 1 : 0));
    const observer = observeConnections(this.metrics, logger);
    const sharedBreakers = {
      openUntil: (key: string) => state.openUntil(key),
      publish: (key: string, until: number) => void (until > 0 ? state.publishOpen(key, until) : state.publishClosed(key)),
    };
    for (const connection of this.connections) {
      connection.observer = observer;
      connection.sharedBreakers = sharedBreakers;
      connection.loadSnapshot = () => this.load.snapshot(connection.name);
    }
  }

  private readonly refusalsSeen = new Set<string>();

  /** A request refused at the edge: counted every time, logged the first time for each reason. */
  countEarlyRefusal(reason: string): void {
    this.metrics.earlyRefusals.inc({ reason });
    if (this.refusalsSeen.has(reason)) return;
    this.refusalsSeen.add(reason);
    this.logger.warn({ reason }, 'request refused at the edge (logged once per reason; switchyard_early_refusals_total counts them all)');
  }

  /** A connection answers again: its cool-down ends and its models are listed anew at once. */
  private recover(connection: Connection): void {
    connection.markRecovered();
    void this.catalog.refresh(connection);
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
    this.load.start();
    this.catalog.warm();
  }

  async stop(): Promise<void> {
    this.health.stop();
    this.load.stop();
    for (const connection of this.connections) connection.close();
    await this.state.close();
  }
}
