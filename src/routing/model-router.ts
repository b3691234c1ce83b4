/**
 * Picks the order in which the connections serving one public id are tried: spread
 * round-robin across the available ones, skipping those marked down or whose breaker (the
 * box's, or the model's there) is open. A connection that asked to be left alone (429 or
 * 503 with Retry-After) is tried last.
 */
import type { Candidate, ModelCatalog } from './model-catalog.js';
import { GatewayError, modelNotFound, noUpstreamAvailable } from '../../core/gateway-error.js';

export class ModelRouter {
  private readonly turns = new Map<string, number>();

  constructor(private readonly catalog: ModelCatalog) {}

  /** The candidates to try, in order; 404 when nothing serves the id, 503 when all are down. */
  async route(publicId: string, allowedModels?: ReadonlySet<string>): Promise<Candidate[]> {
    if (allowedModels && allowedModels.size > 0 && !allowedModels.has(publicId)) throw modelNotFound(publicId);
    const candidates = await this.catalog.resolve(publicId);
    if (candidates.length === 0) throw modelNotFound(publicId);
    const available = candidates.filter((candidate) => candidate.connection.availableFor(candidate.upstreamModel));
    if (available.length === 0) throw allDown(publicId, candidates);
    if (available.length === 1) return available;
    const turn = this.turns.get(publicId) ?? 0;
    this.turns.set(publicId, (turn + 1) % available.length);
    const ordered = [...available.slice(turn), ...available.slice(0, turn)];
    return [...ordered.filter((candidate) => !candidate.connection.busy), ...ordered.filter((candidate) => candidate.connection.busy)];
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
