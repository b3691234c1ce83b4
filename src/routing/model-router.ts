/**
 * Picks the order in which the connections serving one public id are tried, with the
 * reason for each: the configured strategy (per alias, or for the gateway) over what is
 * known of each connection now (in flight, queued, the upstream's own load signals, which
 * models it holds loaded), led by the affinity pick when the request has an affinity key.
 * Connections marked down or whose breaker (the box's, or the model's there, on any
 * replica) is open are left out.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RoutingConfig } from '../../config/routing-schema.js';
import { GatewayError, modelNotFound, noUpstreamAvailable } from '../../core/gateway-error.js';
import type { LoadMonitor } from '../upstream/load/load-monitor.js';
import { isModelLoaded } from '../upstream/load/is-model-loaded.js';
import type { Candidate, ModelCatalog } from './model-catalog.js';
import { readAffinityKey } from './strategies/affinity-key.js';
import { orderCandidates } from './strategies/order-candidates.js';
import type { RoutingCandidate, RoutingReason } from './strategies/routing-candidate.js';

/** A candidate in its place, and why it is there. */
export interface RoutedCandidate extends Candidate {
  reason: RoutingReason;
}

/** What of the request routing reads: the affinity key's sources. */
export interface RouteRequest {
  body: Readonly<Record<string, unknown>>;
  headers: IncomingHttpHeaders;
}

export class ModelRouter {
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly routing: RoutingConfig,
    private readonly load: LoadMonitor,
  ) {}

  /** The candidates to try, in order; 404 when nothing serves the id, 503 when all are down. */
  async route(publicId: string, allowedModels?: ReadonlySet<string>, request?: RouteRequest): Promise<RoutedCandidate[]> {
    if (allowedModels && allowedModels.size > 0 && !allowedModels.has(publicId)) throw modelNotFound(publicId);
    const candidates = await this.catalog.resolve(publicId);
    if (candidates.length === 0) throw modelNotFound(publicId);
    const override = candidates[0]?.routing;
    const strategy = override?.strategy ?? this.routing.strategy;
    const affinity = override?.affinity ?? this.routing.affinity;
    // One connection and no affinity, the common case of a small setup: nothing to order.
    const only = candidates.length === 1 && affinity === 'none' ? candidates[0] : undefined;
    if (only) {
      if (!only.connection.availableFor(only.upstreamModel)) throw allDown(publicId, candidates);
      return [{ ...only, reason: this.reasonForOnly(only, strategy) }];
    }
    const turn = this.turns.get(publicId) ?? 0;
    this.turns.set(publicId, turn + 1);
    const ordered = orderCandidates(candidates.map((candidate) => this.describe(candidate)), {
      strategy,
      affinityKey: request ? readAffinityKey(affinity, request) : undefined,
      turn,
    });
    if (ordered.length === 0) throw allDown(publicId, candidates);
    return ordered.map(({ candidate, reason }) => ({ connection: candidate.connection, upstreamModel: candidate.upstreamModel, defaults: candidate.defaults, routing: candidate.routing, reason }));
  }

  /** The reason the strategies would give a lone available candidate. */
  private reasonForOnly(candidate: Candidate, strategy: RoutingConfig['strategy']): RoutingReason {
    if (strategy !== 'least_busy') return strategy;
    return isModelLoaded(this.load.snapshot(candidate.connection.name), candidate.upstreamModel) === false ? 'cold' : 'least_busy';
  }

  /** What the strategies decide on, read from the connection now. */
  private describe(candidate: Candidate): Candidate & RoutingCandidate {
    const { connection, upstreamModel } = candidate;
    const snapshot = this.load.snapshot(connection.name);
    return {
      ...candidate,
      key: connection.name,
      priority: connection.config.priority,
      inFlight: connection.limiter.inUse,
      queued: connection.limiter.queued,
      maxConcurrency: connection.config.max_concurrency,
      loaded: isModelLoaded(snapshot, upstreamModel),
      waiting: snapshot?.waiting ?? 0,
      available: connection.availableFor(upstreamModel),
      busy: connection.busy,
    };
  }
}

function allDown(publicId: string, candidates: Candidate[]): GatewayError {
  const error = noUpstreamAvailable(publicId);
  const retryAfter = Math.min(...candidates.map(coolDownSeconds));
  return new GatewayError({
    status: error.status,
    type: error.type,
    code: error.code,
    message: `${error.message} Every connection serving it is marked down: ${candidates.map((candidate) => candidate.connection.name).join(', ')}.`,
    retryAfter: Number.isFinite(retryAfter) ? retryAfter : 1,
  });
}

/** Seconds until a candidate may be tried again: the longer of its two breakers' cool-downs. */
function coolDownSeconds({ connection, upstreamModel }: Candidate): number {
  const open = [connection.breaker, connection.breakerFor(upstreamModel)].filter((breaker) => breaker.state === 'open');
  return Math.max(1, ...open.map((breaker) => breaker.retryAfterSeconds));
}
