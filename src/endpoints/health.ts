/** `/health`, `/ready` and `/metrics`: what probes and scrapers read, answered without a key. */
import type { Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { configVersionOf } from '../reload/config-version.js';

/** GET /health: 200 while the process serves. */
export function health() {
  return (_req: Request, res: Response) => {
    contextOf(res).route = '/health';
    res.json({ status: 'ok' });
  };
}

/**
 * GET /ready: 200 when at least one connection answers its health check, else 503. The
 * body names the configuration version that answered, so a rollout can see it took effect.
 */
export function ready(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    contextOf(res).route = '/ready';
    await gateway.health.ensureChecked();
    const connections = gateway.connections.map((connection) => ({
      name: connection.name,
      mode: connection.config.mode,
      up: connection.health.up === true,
      last_error: connection.health.lastError,
      last_check: connection.health.lastCheck,
      // In flight here plus what the upstream reports waiting; null while its load signals are unknown.
      load: connection.load,
    }));
    const isReady = connections.some((connection) => connection.up);
    res.status(isReady ? 200 : 503).json({ status: isReady ? 'ready' : 'unavailable', config_version: configVersionOf(gateway), connections });
  };
}

/** GET /metrics: Prometheus text format. */
export function metrics(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    contextOf(res).route = '/metrics';
    const { registry } = gateway.metrics;
    res.setHeader('content-type', registry.contentType);
    res.end(await gateway.metrics.exposition());
  };
}
