import { describe, expect, it } from 'vitest';
import {
  GatewayError,
  invalidApiKey,
  invalidRequest,
  missingField,
  modelNotFound,
  noUpstreamAvailable,
  notFound,
  rateLimited,
  requestTooLarge,
  upstreamError,
  upstreamTimeout,
} from '../../../core/gateway-error.js';
import { renderOllamaError } from '../../../fronts/ollama/render-ollama-error.js';

describe('renderOllamaError', () => {
  it.each<[string, GatewayError, number, string]>([
    ['an unknown model in Ollama’s words', modelNotFound('llama9'), 404, "model 'llama9' not found"],
    ['a missing model in Ollama’s words', missingField('model'), 400, 'model is required'],
    ['another missing field', missingField('messages[0].role'), 400, "Missing required parameter: 'messages[0].role'."],
    ['a bad request', invalidRequest('options.temperature', 'Invalid temperature.'), 400, 'Invalid temperature.'],
    ['a body over the limit as a bad request', requestTooLarge('1mb'), 400, 'Request body is larger than the limit of 1mb.'],
    ['a missing key', invalidApiKey(), 401, invalidApiKey().message],
    ['an unknown path', notFound('GET', '/api/nothing'), 404, 'Unknown request URL: GET /api/nothing.'],
    ['a rate limit', rateLimited('Slow down.', 3), 429, 'Slow down.'],
    ['a failed upstream', upstreamError('vLLM failed with 500.'), 502, 'vLLM failed with 500.'],
    ['no upstream', noUpstreamAvailable('llama3.2'), 503, "No connection serving 'llama3.2' is available."],
    ['a timeout', upstreamTimeout(), 504, 'The upstream server did not answer in time.'],
    ['a server error', new GatewayError({ status: 500, type: 'server_error', code: 'hook_failed', message: 'A hook failed.' }), 500, 'A hook failed.'],
  ])('renders %s', (_name, error, status, message) => {
    expect(renderOllamaError(error)).toMatchObject({ status, body: { error: message } });
  });

  it('keeps the whole message when a not-found error is worded otherwise', () => {
    const error = new GatewayError({ status: 404, type: 'invalid_request_error', code: 'model_not_found', message: 'No such model.' });
    expect(renderOllamaError(error).body).toEqual({ error: 'No such model.' });
  });

  it('sends Retry-After when the gateway set it', () => {
    expect(renderOllamaError(rateLimited('Slow down.', 3)).headers).toEqual({ 'retry-after': '3' });
    expect(renderOllamaError(noUpstreamAvailable('m')).headers).toEqual({ 'retry-after': '1' });
  });

  it('sends no headers otherwise', () => {
    expect(renderOllamaError(modelNotFound('m'))).not.toHaveProperty('headers');
  });
});
