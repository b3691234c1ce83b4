/**
 * Errors on `/v1/responses` are OpenAI's own shape, `{"error": {"message", "type",
 * "param", "code"}}`, with the gateway's status and, for 429 and 503, `Retry-After`.
 */
import type { FrontError } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';

export function renderError(error: GatewayError): FrontError {
  const rendered: FrontError = { status: error.status, body: error.toJSON() };
  if (error.retryAfter !== undefined) {
    rendered.headers = { 'retry-after': String(error.retryAfter) };
  }
  return rendered;
}
