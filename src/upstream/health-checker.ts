/**
 * Background health checks: every `interval_ms`, each connection's cheap health call
 * (Ollama `/api/version`, OpenAI-compatible `/models`). Their results drive `/ready`,
 * `switchyard_connection_up` and routing, which skips connections that are down.
 */
import type { Connection } from './connection.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { fetchUpstreamJson } from './fetch-upstream-json.js';

export interface HealthCheckSettings {
  interval_ms: number;
  timeout_ms: number;
}

export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly connections: readonly Connection[],
    private readonly settings: HealthCheckSettings,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    /** Called when a connection that was down or cooling down answers again. */
    private readonly onRecovered: (connection: Connection) => void = () => undefined,
  ) {}

  start(): void {
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.settings.interval_ms);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Checks every connection now; concurrent callers share one round. */
  checkAll(): Promise<void> {
    this.running ??= Promise.all(this.connections.map((connection) => this.check(connection))).then(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Waits for a first result where a connection has never been checked. */
  async ensureChecked(): Promise<void> {
    if (this.connections.some((connection) => connection.health.lastCheck === null)) await this.checkAll();
  }

  private async check(connection: Connection): Promise<void> {
    const { health } = connection;
    const wasUp = health.up;
    try {
      await fetchUpstreamJson(connection, connection.adapter.health, this.settings.timeout_ms);
      health.up = true;
      health.lastError = null;
    } catch (error) {
      health.up = false;
      health.lastError = (error as Error).message;
    }
    health.lastCheck = new Date().toISOString();
    this.metrics.connectionUp.set({ connection: connection.name }, health.up ? 1 : 0);
    if (wasUp !== health.up) {
      if (health.up) this.logger.info({ connection: connection.name }, 'connection is up');
      else this.logger.warn({ connection: connection.name, error: health.lastError }, 'connection is down');
    }
    // A box that answers again serves at once: its cool-down ends and its model list is fetched anew.
    if (health.up && (wasUp === false || connection.breaker.state !== 'closed')) this.onRecovered(connection);
  }
}
