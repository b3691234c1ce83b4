/**
 * The gateway's configuration for the fleet benchmark: every stand-in box as an `ollama`
 * connection (native /api/chat) serving the same models, its `max_concurrency` the box's
 * parallelism, with `routing.strategy` the one under test and the boxes' load signals
 * (`/api/ps`) read (`load_metrics: auto`). `health_checks` also paces the load polls: every
 * half second here, so a workload of a few seconds sees loads and evictions soon after.
 */
import type { BoxSpec } from './fleet-spec.js';

export type FleetStrategy = 'round_robin' | 'least_busy';

export interface FleetBoxAddress {
  spec: BoxSpec;
  port: number;
}

export function fleetGatewayConfig(boxes: readonly FleetBoxAddress[], models: readonly string[], strategy: FleetStrategy, port: number): unknown {
  return {
    server: { host: '127.0.0.1', port, log_level: 'silent' },
    connections: boxes.map(({ spec, port: boxPort }) => ({
      name: spec.name,
      mode: 'ollama',
      ollama_api: 'chat',
      base_url: `http://127.0.0.1:${boxPort}`,
      models: [...models],
      max_concurrency: spec.parallel,
      load_metrics: 'auto',
    })),
    routing: { strategy },
    health_checks: { interval_ms: 500, timeout_ms: 1000 },
  };
}
