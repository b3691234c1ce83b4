/**
 * Maps node:http's network failures to the one GatewayError the client sees, with the
 * reason counted in `switchyard_upstream_errors_total`.
 */
import { GatewayError, isGatewayError, noUpstreamAvailable, upstreamError, upstreamTimeout } from '../../core/gateway-error.js';

const refusedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const disconnectedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The reason an upstream request was aborted by the gateway itself. */
export class UpstreamTimeoutSignal extends Error {
  constructor(readonly phase: 'total' | 'idle', readonly limitMs: number) {
    super(phase === 'total' ? `The upstream did not finish within timeout_ms (${limitMs} ms).` : `The upstream sent nothing for idle_timeout_ms (${limitMs} ms).`);
  }
}

function codeOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A fault of the gateway's own code rather than of the upstream: a TypeError from a bug, a
 * RangeError from a blown stack. Network errors always carry a `code`; these never do.
 * Counting them as upstream failures would let one bad request open a healthy breaker.
 */
function isInternalFault(error: unknown): boolean {
  return (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) && codeOf(error) === undefined;
}

export function internalError(cause: unknown): GatewayError {
  return new GatewayError({ status: 500, type: 'server_error', code: 'internal_error', message: 'The gateway failed to handle the request.', cause });
}

/** Turns whatever an upstream call threw into a GatewayError naming the connection. */
export function toGatewayError(error: unknown, connection: string, signal?: AbortSignal): GatewayError {
  if (isGatewayError(error)) return error;
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  if (reason instanceof UpstreamTimeoutSignal) return upstreamTimeout(`Connection '${connection}': ${reason.message}`);
  if (error instanceof UpstreamTimeoutSignal) return upstreamTimeout(`Connection '${connection}': ${error.message}`);
  if (reason instanceof Error && reason.name === 'TimeoutError') return upstreamTimeout(`Connection '${connection}' did not answer in time.`);
  if (isInternalFault(error)) return internalError(error);
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code && refusedCodes.has(code)) return upstreamError(`Connection '${connection}' could not be reached: ${detail}`, 'refused', error);
  if (code && timeoutCodes.has(code)) return upstreamTimeout(`Connection '${connection}' timed out: ${detail}`);
  if (code && disconnectedCodes.has(code)) {
    return upstreamError(`Connection '${connection}' closed the connection unexpectedly: ${detail}`, 'disconnected', error);
  }
  return upstreamError(`Connection '${connection}' failed: ${detail}`, 'bad_response', error);
}

/**
 * The error for a request that no candidate could serve: refusals become 503
 * `no_upstream_available`, anything else is the last failure itself.
 */
export function finalFailure(model: string, last: GatewayError | undefined): GatewayError {
  if (!last || last.upstreamReason === 'refused') return noUpstreamAvailable(model, last);
  return last;
}
