/**
 * A GatewayError in Ollama's shape: `{"error": "<message>"}` with the status Ollama would
 * use (its docs list 200, 400, 404, 429, 500 and 502):
 *
 * - an unknown model → 404 with Ollama's own wording, `model 'x' not found` (what
 *   `/api/chat`, `/api/generate` and `/api/show` answer in current Ollama; older servers
 *   said `model "x" not found, try pulling it first`);
 * - a missing `model` → 400 `model is required`, as Ollama's chat answers;
 * - other refused requests (400, 413, 422 ...) → 400; 401, 403, 404 and 429 keep theirs;
 * - 5xx pass as they are (502 for an upstream that failed, 503 when none is available,
 *   504 on a timeout), with `Retry-After` where the gateway set it.
 */
import type { FrontError } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { OllamaErrorBody } from './ollama-responses.js';

/** Statuses an Ollama client can tell apart; any other 4xx is a bad request. */
const keptClientStatuses = new Set([401, 403, 404, 429]);

/** The model id in core's `modelNotFound` message. */
const notFoundModel = /^The model '(.*)' does not exist/s;

export function renderOllamaError(error: GatewayError): FrontError {
  const status = error.status >= 500 || keptClientStatuses.has(error.status) ? error.status : 400;
  const body: OllamaErrorBody = { error: describeError(error) };
  return {
    status,
    body,
    ...(error.retryAfter === undefined ? {} : { headers: { 'retry-after': String(error.retryAfter) } }),
  };
}

function describeError(error: GatewayError): string {
  if (error.code === 'model_not_found') {
    const model = notFoundModel.exec(error.message)?.[1];
    return model === undefined ? error.message : `model '${model}' not found`;
  }
  if (error.code === 'missing_field' && error.param === 'model') {
    return 'model is required';
  }
  return error.message;
}
