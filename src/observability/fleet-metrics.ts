/**
 * The fleet gauges, read when Prometheus scrapes: each connection's queue and load, and
 * which models each upstream holds loaded. Labels come from configuration (connection
 * names) and from the upstreams' own lists of loaded models, never from clients.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Connection } from '../upstream/connection.js';
import type { LoadMonitor } from '../upstream/load/load-monitor.js';

export function registerFleetMetrics(registry: Registry, connections: readonly Connection[], load: LoadMonitor, servedModels: (connection: Connection) => string[]): void {
  new Gauge({
    name: 'switchyard_queue_depth',
    help: "Requests waiting in the gateway's own queue for a connection (max_concurrency reached).",
    labelNames: ['connection'] as const,
    registers: [registry],
    collect() {
      for (const connection of connections) this.set({ connection: connection.name }, connection.limiter.queued);
    },
  });
  new Gauge({
    name: 'switchyard_upstream_load',
    help: 'Requests in flight from this gateway plus those the upstream reports waiting.',
    labelNames: ['connection'] as const,
    registers: [registry],
    collect() {
      for (const connection of connections) this.set({ connection: connection.name }, connection.limiter.inUse + (load.snapshot(connection.name)?.waiting ?? 0));
    },
  });
  new Gauge({
    name: 'switchyard_model_loaded',
    help: 'Whether the upstream reports the model loaded in memory (1) or not (0); only for upstreams that list what they hold.',
    labelNames: ['connection', 'model'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const connection of connections) {
        const loaded = load.snapshot(connection.name)?.loadedModels;
        if (!loaded) continue;
        const held = new Set(loaded.map((entry) => entry.model));
        for (const model of servedModels(connection)) if (!held.has(model)) this.set({ connection: connection.name, model }, 0);
        for (const model of held) this.set({ connection: connection.name, model }, 1);
      }
    },
  });
}
