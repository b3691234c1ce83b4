import type { TranslateContext } from '../../core/adapter.js';
import { GatewayError, modelNotFound, upstreamError } from '../../core/gateway-error.js';
import { ollamaErrorSchema } from './ollama-types.js';

const excerptLength = 200;
/** How much of a body is looked at to make the excerpt; proxies' error pages can be large. */
const scannedLength = 4096;

/**
 * Ollama's non-2xx answers as the client's error. Ollama answers `{"error": "..."}`:
 *
 * - an unknown model (`model 'x' not found`, 404; older servers say `model "x" not found,
 *   try pulling it first`) → 404 `model_not_found` naming the public id;
 * - 401/403 (an auth proxy in front of Ollama refused the connection's `api_key`) and a
 *   bare 404 that is not about a model (a wrong `base_url`) → 502: the gateway's setup,
 *   not the client's request, is wrong;
 * - 429 → 429, other 4xx → 400 `upstream_bad_request` with Ollama's message (such as
 *   `"llama3.2" does not support tools`);
 * - 5xx → 502 `bad_gateway`; anything else, and bodies that are not Ollama's JSON (a
 *   proxy's HTML page), → 502 with a short excerpt.
 */
export function translateError(status: number, body: string, context: TranslateContext): GatewayError {
  const message = readErrorMessage(body);
  if (message !== undefined && status >= 400 && status < 500 && /\bmodel\b.*\bnot found\b/i.test(message)) {
    return modelNotFound(context.publicModel);
  }
  if (status === 401 || status === 403 || (status === 404 && message === undefined)) {
    return upstreamError(`Ollama answered ${status}: ${message ?? excerpt(body)}. Check the connection's base_url and api_key.`, 'http_4xx');
  }
  if (status === 429) {
    return new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message: `Ollama is rate limiting requests: ${message ?? excerpt(body)}`,
      upstreamReason: 'http_4xx',
    });
  }
  if (status >= 400 && status < 500) {
    return new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'upstream_bad_request',
      message: message ?? `Ollama refused the request (${status}): ${excerpt(body)}`,
      upstreamReason: 'http_4xx',
    });
  }
  if (status >= 500) {
    return upstreamError(`Ollama failed with ${status}: ${message ?? excerpt(body)}`, 'http_5xx');
  }
  return upstreamError(`Ollama answered with unexpected status ${status}: ${message ?? excerpt(body)}`, 'bad_response');
}

/** Ollama's `error` text, or undefined when the body is not Ollama's JSON error. */
function readErrorMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = ollamaErrorSchema.safeParse(parsed);
  return error.success ? error.data.error : undefined;
}

/** The start of a body that is not Ollama's JSON, as one line: tags dropped, spaces collapsed. */
function excerpt(body: string): string {
  const text = body
    .slice(0, scannedLength)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') {
    return '(empty body)';
  }
  return text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text;
}
