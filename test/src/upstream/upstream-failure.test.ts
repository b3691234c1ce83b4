/**
 * toGatewayError: network failures mapped to the one GatewayError the client sees, with the
 * reason counted in the metrics; faults of the gateway itself are not upstream failures.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError, upstreamError } from '../../../core/gateway-error.js';
import { toGatewayError, UpstreamTimeoutSignal } from '../../../src/upstream/upstream-failure.js';

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('toGatewayError', () => {
  it.each([
    ['ECONNREFUSED', 502, 'refused'],
    ['ENOTFOUND', 502, 'refused'],
    ['ECONNRESET', 502, 'disconnected'],
    ['EPIPE', 502, 'disconnected'],
    ['ETIMEDOUT', 504, 'timeout'],
    ['HPE_INVALID_CONSTANT', 502, 'bad_response'],
  ])('maps %s to %i with reason %s', (code, status, reason) => {
    expect(toGatewayError(networkError(code), 'local')).toMatchObject({ status, upstreamReason: reason });
  });

  it('finds the code on a wrapped cause', () => {
    const wrapped = new Error('fetch failed', { cause: networkError('ECONNREFUSED') });
    expect(toGatewayError(wrapped, 'local').upstreamReason).toBe('refused');
  });

  it('maps an attempt aborted by timeout_ms to 504 upstream_timeout naming the limit', () => {
    const controller = new AbortController();
    controller.abort(new UpstreamTimeoutSignal('total', 1500));
    const error = toGatewayError(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }), 'local', controller.signal);
    expect(error).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(error.message).toContain('1500 ms');
  });

  it('maps an idle timeout raised on the body to 504', () => {
    expect(toGatewayError(new UpstreamTimeoutSignal('idle', 300), 'local')).toMatchObject({ status: 504, upstreamReason: 'timeout' });
  });

  it('keeps a GatewayError as it is', () => {
    const original = upstreamError('bad', 'http_5xx');
    expect(toGatewayError(original, 'local')).toBe(original);
  });

  it.each([new TypeError("Cannot read properties of undefined (reading 'x')"), new RangeError('Maximum call stack size exceeded')])(
    'maps a fault of the gateway itself (%s) to 500 internal_error, not to an upstream failure',
    (fault) => {
      const error = toGatewayError(fault, 'local');
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ status: 500, type: 'server_error', code: 'internal_error', upstreamReason: undefined });
      expect(error.retryable).toBe(false);
    },
  );

  it('never puts the raw fault text in the client message', () => {
    expect(toGatewayError(new TypeError('secret internals'), 'local').message).not.toContain('secret internals');
  });
});
