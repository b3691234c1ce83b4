/**
 * The body of `GET /status`: the gateway's version and start time, each connection's
 * state, each public model and the connections that serve it, and the rolling per-model
 * statistics of the last minute. Built from state the gateway keeps anyway: no request
 * content, no keys, no upstream URLs (they may carry credentials).
 */
import type { Gateway } from '../gateway.js';
import { readConnectionStatus, type ConnectionStatus } from './read-connection-status.js';
import type { RollingModelStats, StatsSnapshot } from './rolling-model-stats.js';

export interface ModelStatus {
  id: string;
  /** Connection names, in routing order. */
  connections: string[];
}

export interface GatewayStatus {
  version: string;
  started_at: string;
  connections: ConnectionStatus[];
  models: ModelStatus[];
  stats: StatsSnapshot;
}

async function readModels(gateway: Gateway): Promise<ModelStatus[]> {
  const listed = await gateway.catalog.list();
  return Promise.all(
    listed.map(async ({ id }) => ({ id, connections: (await gateway.catalog.resolve(id)).map((candidate) => candidate.connection.name) })),
  );
}

export async function buildStatus(gateway: Gateway, stats: RollingModelStats, version: string): Promise<GatewayStatus> {
  return {
    version,
    started_at: new Date(stats.startedAt).toISOString(),
    connections: gateway.connections.map((connection) => readConnectionStatus(connection)),
    models: await readModels(gateway),
    stats: stats.snapshot(),
  };
}
