import { describe, expect, it } from 'vitest';
import { invalidRequest, noUpstreamAvailable, rateLimited, upstreamTimeout } from '../../../core/gateway-error.js';
import { responsesFront } from '../../../fronts/responses/index.js';

describe('responsesFront.renderError', () => {
  it('renders OpenAI’s error shape with the error’s status', () => {
    expect(responsesFront.renderError(invalidRequest('tools[0].type', "Invalid value for 'tools[0].type'."))).toEqual({
      status: 400,
      body: { error: { message: "Invalid value for 'tools[0].type'.", type: 'invalid_request_error', param: 'tools[0].type', code: 'invalid_value' } },
    });
  });

  it.each([
    ['a rate limit', rateLimited('Slow down.', 3), 429, '3'],
    ['no upstream available', noUpstreamAvailable('chat'), 503, '1'],
  ])('sends retry-after with %s', (_name, error, status, retryAfter) => {
    expect(responsesFront.renderError(error)).toMatchObject({ status, headers: { 'retry-after': retryAfter } });
  });

  it('sends no headers when there is nothing to retry after', () => {
    expect(responsesFront.renderError(upstreamTimeout())).toEqual({ status: 504, body: upstreamTimeout().toJSON() });
  });
});
