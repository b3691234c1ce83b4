import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/gateway-error.js';
import { translateError } from '../../../providers/ollama/translate-error.js';
import { context } from './replay-fixture.js';

describe('translateError', () => {
  it.each<[string, number, string, Partial<GatewayError>]>([
    ['an unknown model', 404, `{"error":"model 'llama9' not found"}`, { status: 404, code: 'model_not_found', param: 'model' }],
    [
      'an unknown model as older versions word it',
      404,
      '{"error":"model \\"llama9\\" not found, try pulling it first"}',
      { status: 404, code: 'model_not_found' },
    ],
    [
      'a model without tool support',
      400,
      '{"error":"registry.ollama.ai/library/gemma2:2b does not support tools"}',
      { status: 400, type: 'invalid_request_error', code: 'upstream_bad_request', message: 'registry.ollama.ai/library/gemma2:2b does not support tools' },
    ],
    ['a bad option', 400, '{"error":"option \\"num_ctx\\" must be of type integer"}', { status: 400, upstreamReason: 'http_4xx' }],
    ['Go’s bare 404 for a wrong path', 404, '404 page not found', { status: 502, code: 'bad_gateway', upstreamReason: 'http_4xx' }],
    ['a proxy refusing the api_key', 401, '{"error":"unauthorized"}', { status: 502, code: 'bad_gateway' }],
    ['a rate-limiting proxy', 429, 'Too Many Requests', { status: 429, type: 'rate_limit_error' }],
    [
      'a server error',
      500,
      '{"error":"model requires more system memory (10.2 GiB) than is available (7.1 GiB)"}',
      { status: 502, code: 'bad_gateway', upstreamReason: 'http_5xx', message: expect.stringContaining('more system memory') as unknown as string },
    ],
    ['a busy server', 503, '{"error":"server busy, please try again.  maximum pending requests exceeded"}', { status: 502, upstreamReason: 'http_5xx' }],
    ['an unexpected status', 302, '', { status: 502, upstreamReason: 'bad_response' }],
  ])('maps %s', (_name, status, body, expected) => {
    const error = translateError(status, body, context);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject(expected);
  });

  it('names the public model, not the upstream one, when the model is unknown', () => {
    expect(translateError(404, `{"error":"model 'llama3.2:3b' not found"}`, context).message).toContain("'chat'");
  });

  it('quotes a short excerpt of an HTML error page', () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>${'<p>padding</p>'.repeat(200)}</body></html>`;
    const error = translateError(502, page, context);
    expect(error.message).toMatch(/^Ollama failed with 502: 502 Bad Gateway 502 Bad Gateway padding/);
    expect(error.message.length).toBeLessThan(260);
    expect(error.message).not.toContain('<');
  });
});
