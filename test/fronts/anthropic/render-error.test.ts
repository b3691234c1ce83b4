import { describe, expect, it } from 'vitest';
import {
  GatewayError,
  invalidApiKey,
  missingField,
  modelNotFound,
  noUpstreamAvailable,
  rateLimited,
  requestTooLarge,
  upstreamError,
  upstreamTimeout,
} from '../../../core/gateway-error.js';
import { readErrorType, renderError } from '../../../fronts/anthropic/render-error.js';

describe('renderError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [409, 'invalid_request_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
    [507, 'api_error'],
  ])('gives status %i the type %s', (status, type) => {
    expect(readErrorType(status)).toBe(type);
  });

  it.each([
    ['a missing field', missingField('max_tokens'), 400, 'invalid_request_error'],
    ['a wrong API key', invalidApiKey(), 401, 'authentication_error'],
    ['an unknown model', modelNotFound('nope'), 404, 'not_found_error'],
    ['a body over the limit', requestTooLarge('1mb'), 413, 'request_too_large'],
    ['a failed upstream', upstreamError('bad'), 502, 'api_error'],
    ['an upstream timeout', upstreamTimeout(), 504, 'timeout_error'],
  ])('renders %s in Anthropic’s shape with its status', (_name, error, status, type) => {
    expect(renderError(error)).toEqual({ status, body: { type: 'error', error: { type, message: error.message } } });
  });

  it.each([
    ['a rate limit', rateLimited('Too many requests.', 7), '7'],
    ['no upstream available', noUpstreamAvailable('claude-local'), '1'],
  ])('keeps retry-after for %s', (_name, error, retryAfter) => {
    expect(renderError(error).headers).toEqual({ 'retry-after': retryAfter });
  });

  it('sends no headers for an error without retry-after', () => {
    const error = new GatewayError({ status: 500, type: 'server_error', code: 'internal', message: 'boom' });
    expect(renderError(error)).not.toHaveProperty('headers');
  });
});
