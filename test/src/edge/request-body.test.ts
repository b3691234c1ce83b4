/**
 * Reading a request body on arbitrary bytes: it parses or throws a GatewayError (never a
 * TypeError that would escape as a 500), and deep nesting is refused before parsing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/gateway-error.js';
import { parseJsonObject } from '../../../src/edge/request-body.js';

describe('parseJsonObject on arbitrary input', () => {
  it('parses any bytes as a request body or throws a GatewayError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((json) => Buffer.from(json)), fc.string().map((value) => Buffer.from(value))), (bytes) => {
        try {
          parseJsonObject(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses deeply nested JSON anywhere in the body before parsing it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 20_000 }), fc.constantFrom('[', '{"a":'), (depth, opener) => {
        const closer = opener === '[' ? ']' : '}';
        const body = `{"model":"m","messages":[{"role":"user","content":"hi"}],"x":${opener.repeat(depth)}1${closer.repeat(depth)}}`;
        expect(() => parseJsonObject(Buffer.from(body))).toThrow(expect.objectContaining({ code: 'nesting_too_deep' }) as unknown as Error);
      }),
      { numRuns: 50 },
    );
  });
});
