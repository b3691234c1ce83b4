/**
 * The key check itself: a bearer token is compared in constant time with every configured
 * key, and anything but an exact `Bearer <key>` is refused.
 */
import type { Request, Response as ExpressResponse } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { serverSchema } from '../../../config/schema.js';
import { authenticate } from '../../../src/edge/authenticate.js';
import { MemoryStateStore } from '../../../src/state/memory-state-store.js';

const compared = vi.hoisted(() => ({ count: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (left: NodeJS.ArrayBufferView, right: NodeJS.ArrayBufferView) => {
      compared.count += 1;
      return actual.timingSafeEqual(left, right);
    },
  };
});

/** Runs the middleware on a bare request with this Authorization header; returns what it passed on. */
function authorize(keys: Array<string | { key: string; models?: string[] }>, header: string | undefined): unknown {
  const middleware = authenticate(serverSchema.parse({ api_keys: keys }), new MemoryStateStore());
  let passed: unknown = 'not called';
  const req = { headers: header === undefined ? {} : { authorization: header }, socket: { remoteAddress: '127.0.0.1' } } as unknown as Request;
  middleware(req, { locals: {} } as unknown as ExpressResponse, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('key comparison', () => {
  it('compares the token with every configured key, whichever matches', () => {
    const keys = ['first-key', 'second-key', 'third-key'];
    for (const token of ['first-key', 'third-key', 'nobody']) {
      compared.count = 0;
      authorize(keys, `Bearer ${token}`);
      expect(compared.count).toBe(keys.length);
    }
  });

  it.each([
    ['no header', undefined],
    ['an empty bearer token', 'Bearer '],
    ['a prefix of a key', 'Bearer secret-ke'],
    ['a key with a suffix', 'Bearer secret-key2'],
    ['a key in another case', 'Bearer SECRET-KEY'],
    ['the key without the Bearer scheme', 'secret-key'],
    ['the key as Basic credentials', 'Basic secret-key'],
  ])('refuses %s with 401 invalid_api_key', (_name, header) => {
    expect(authorize(['secret-key'], header)).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('accepts the key with any case of the Bearer scheme and surrounding spaces', () => {
    expect(authorize(['secret-key'], '  bearer   secret-key  ')).toBeUndefined();
  });
});
