/**
 * One connection as `GET /status` shows it: health, breaker, in-flight and queued requests,
 * and the fleet signals a connection may offer (upstream load, models held in memory,
 * per-model breakers). A signal the connection does not offer is null, which the status
 * page shows as "unknown"; no signal is ever read from a request's content.
 */
import type { Connection } from '../upstream/connection.js';

/**
 * Optional getters a connection may carry; each is read only when present. Fleet routing
 * fills them in; until then every one is absent.
 */
export interface FleetSignals {
  /** In flight here plus what the upstream reports waiting; undefined or null when not known. */
  readonly load?: number | null | undefined;
  /** Models the upstream holds in memory (Ollama `GET /api/ps`), with when each is unloaded. */
  readonly loadedModels?: ReadonlyArray<{ readonly name: string; readonly expiresAt?: string | null | undefined }> | null | undefined;
  /** Per-model breakers on this connection that are not closed. */
  modelBreakerStates?(): ReadonlyArray<{ readonly model: string; readonly state: string }>;
}

export interface ConnectionStatus {
  name: string;
  mode: string;
  /** null until the first health check has answered. */
  up: boolean | null;
  last_error: string | null;
  last_check: string | null;
  breaker: string;
  in_flight: number;
  queued: number;
  load: number | null;
  loaded_models: Array<{ name: string; expires_at: string | null }> | null;
  /** Models whose own breaker is not closed, with its state; `{}` when all are closed. */
  model_breakers: Record<string, string> | null;
}

function readModelBreakers(connection: FleetSignals): Record<string, string> | null {
  if (typeof connection.modelBreakerStates !== 'function') return null;
  return Object.fromEntries(connection.modelBreakerStates().map(({ model, state }) => [model, state]));
}

export function readConnectionStatus(connection: Connection & FleetSignals): ConnectionStatus {
  const { health, breaker, limiter } = connection;
  const load = connection.load;
  return {
    name: connection.name,
    mode: connection.config.mode,
    up: health.up ?? null,
    last_error: health.lastError,
    last_check: health.lastCheck,
    breaker: breaker.state,
    in_flight: limiter.inUse,
    queued: limiter.queued,
    load: typeof load === 'number' && Number.isFinite(load) ? load : null,
    loaded_models: connection.loadedModels?.map((model) => ({ name: model.name, expires_at: model.expiresAt ?? null })) ?? null,
    model_breakers: readModelBreakers(connection),
  };
}
