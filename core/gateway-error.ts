/**
 * The one error type the gateway produces. Every failure a client sees is rendered from a
 * GatewayError as OpenAI's `{"error": {"message", "type", "param", "code"}}`.
 */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'upstream_error'
  | 'server_error';

export interface GatewayErrorOptions {
  status: number;
  type: OpenAIErrorType;
  code: string;
  message: string;
  param?: string | null;
  cause?: unknown;
  /** Seconds, sent as `Retry-After` with 429 and 503. */
  retryAfter?: number;
  /**
   * Why an upstream failed, as counted in `switchyard_upstream_errors_total`:
   * refused, timeout, http_4xx, http_5xx, bad_response, disconnected.
   */
  upstreamReason?: UpstreamFailureReason;
}

export type UpstreamFailureReason =
  | 'refused'
  | 'timeout'
  | 'http_4xx'
  | 'http_5xx'
  | 'bad_response'
  | 'disconnected';

export class GatewayError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly retryAfter: number | undefined;
  readonly upstreamReason: UpstreamFailureReason | undefined;

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code;
    this.param = options.param ?? null;
    this.retryAfter = options.retryAfter;
    this.upstreamReason = options.upstreamReason;
  }

  toJSON(): { error: { message: string; type: string; param: string | null; code: string } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  /** Whether another connection may be tried when this happened before any byte was sent. */
  get retryable(): boolean {
    if (this.upstreamReason === undefined) return false;
    // An upstream that is busy (429, 503: vLLM's full queue) may be spared by another one.
    if (this.status === 429 || this.status === 503) return true;
    // A timeout is not retried: the next connection would make the client wait as long again.
    return this.upstreamReason !== 'http_4xx' && this.upstreamReason !== 'timeout';
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

export function invalidRequest(param: string | null, message: string, code = 'invalid_value'): GatewayError {
  return new GatewayError({ status: 400, type: 'invalid_request_error', code, param, message });
}

export function missingField(param: string): GatewayError {
  return invalidRequest(param, `Missing required parameter: '${param}'.`, 'missing_field');
}

export function invalidJson(detail: string): GatewayError {
  return invalidRequest(null, `Request body is not valid JSON: ${detail}`, 'invalid_json');
}

export function modelNotFound(model: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    message: `The model '${model}' does not exist or is not served by any connection.`,
  });
}

export function notFound(method: string, path: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'not_found',
    message: `Unknown request URL: ${method} ${path}.`,
  });
}

export function invalidApiKey(): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Missing or incorrect API key. Send it as "Authorization: Bearer <key>" (or "x-api-key: <key>").',
  });
}

export function requestTooLarge(limit: string): GatewayError {
  return new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `Request body is larger than the limit of ${limit}.`,
  });
}

export function rateLimited(message: string, retryAfter: number): GatewayError {
  return new GatewayError({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message, retryAfter });
}

export function upstreamError(
  message: string,
  reason: UpstreamFailureReason = 'bad_response',
  cause?: unknown,
): GatewayError {
  return new GatewayError({ status: 502, type: 'upstream_error', code: 'bad_gateway', message, upstreamReason: reason, cause });
}

export function upstreamTimeout(message = 'The upstream server did not answer in time.'): GatewayError {
  return new GatewayError({ status: 504, type: 'upstream_error', code: 'upstream_timeout', message, upstreamReason: 'timeout' });
}

export function noUpstreamAvailable(model: string, cause?: unknown): GatewayError {
  const detail = cause instanceof Error ? ` Last error: ${cause.message}` : '';
  return new GatewayError({
    status: 503,
    type: 'upstream_error',
    code: 'no_upstream_available',
    message: `No connection serving '${model}' is available.${detail}`,
    retryAfter: 1,
    cause,
  });
}

export function shuttingDown(): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'server_error',
    code: 'shutting_down',
    message: 'The gateway is shutting down and could not finish this response within shutdown_timeout_ms.',
    retryAfter: 1,
  });
}

/** An upstream that refused with 429 or 503 before answering: it is busy, another may not be. */
export function upstreamBusy(message: string, status: 429 | 503, retryAfter: number | undefined): GatewayError {
  return new GatewayError({
    status,
    type: status === 429 ? 'rate_limit_error' : 'upstream_error',
    code: status === 429 ? 'rate_limit_exceeded' : 'upstream_busy',
    message,
    retryAfter,
    upstreamReason: status === 429 ? 'http_4xx' : 'http_5xx',
  });
}
