import type { TranslateContext } from '../../core/adapter.js';
import { GatewayError, modelNotFound, upstreamError, type OpenAIErrorType } from '../../core/gateway-error.js';

const knownTypes = new Set<string>(['invalid_request_error', 'authentication_error', 'permission_error', 'rate_limit_error']);

/** The `message` of an OpenAI-shaped error body (vLLM's, llama-server's), if it is one. */
function readMessage(body: string): { message: string; type: string | undefined } | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; type?: unknown } | string };
    const error = parsed.error;
    if (typeof error === 'string') return { message: error, type: undefined };
    if (error && typeof error.message === 'string') return { message: error.message, type: typeof error.type === 'string' ? error.type : undefined };
  } catch {
    // Not JSON: a proxy's page, described by its status below.
  }
  return undefined;
}

/**
 * An OpenAI-compatible upstream's error, for a request that another front door
 * translated (passthrough hands errors on unaltered instead). 4xx keep their status and
 * the upstream's words; 5xx and bodies that are not OpenAI errors are 502.
 */
export function translateError(status: number, body: string, context: TranslateContext): GatewayError {
  const read = readMessage(body);
  const message = read?.message ?? body.slice(0, 200);
  if (status === 404 && /model/i.test(message)) return modelNotFound(context.publicModel);
  if (status >= 400 && status < 500) {
    const type = (read?.type && knownTypes.has(read.type) ? read.type : status === 429 ? 'rate_limit_error' : 'invalid_request_error') as OpenAIErrorType;
    return new GatewayError({ status, type, code: status === 429 ? 'rate_limit_exceeded' : 'upstream_bad_request', message, upstreamReason: 'http_4xx' });
  }
  return upstreamError(`The upstream failed with ${status}: ${message}`, status >= 500 ? 'http_5xx' : 'bad_response');
}
