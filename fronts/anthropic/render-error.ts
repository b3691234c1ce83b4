/**
 * A GatewayError in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with
 * the status kept and `retry-after` sent when the error has one.
 */
import type { FrontError } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic-types.js';

/**
 * Anthropic's error type for each status, from its errors reference. The gateway's own
 * 5xx statuses: 502 (an upstream failed or answered nonsense) is `api_error`, as
 * Anthropic reports its internal failures; 503 (no connection available, shutting down;
 * both temporary) is `overloaded_error`, which clients treat as "retry later"; 504 is
 * Anthropic's `timeout_error`.
 */
const errorTypes: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Other 4xx are `invalid_request_error`, as Anthropic documents; other statuses `api_error`. */
export function readErrorType(status: number): AnthropicErrorType {
  return errorTypes[status] ?? (status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error');
}

export function renderErrorBody(error: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: readErrorType(error.status), message: error.message } };
}

export function renderError(error: GatewayError): FrontError {
  const rendered: FrontError = { status: error.status, body: renderErrorBody(error) };
  if (error.retryAfter !== undefined) {
    rendered.headers = { 'retry-after': String(error.retryAfter) };
  }
  return rendered;
}
