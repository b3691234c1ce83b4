/**
 * The behaviour every state store shares, run against memory, sqlite and a real Redis:
 * whichever `state.store` is configured, the rest of the gateway sees the same answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StateStore, StateStoreKind } from '../../../src/state/state-store.js';
import { eventually } from '../../support/eventually.js';
import { closeTestStores, openTestStore } from './open-test-store.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

let redis: RedisServer | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(closeTestStores);

const kinds: StateStoreKind[] = ['memory', 'sqlite', 'redis'];

function open(kind: StateStoreKind): Promise<StateStore> {
  return openTestStore(kind, { redisUrl: redis?.url });
}

describe.each(kinds)('the %s state store', (kind) => {
  it('says which store it is and that it is up', async () => {
    const store = await open(kind);
    expect(store.kind).toBe(kind);
    expect(store.up).toBe(true);
  });

  describe('rate limits', () => {
    it('allows limitPerMinute requests, counting down what remains', async () => {
      const store = await open(kind);
      const decisions = [];
      for (let request = 0; request < 5; request += 1) decisions.push(await store.consume('key-a', 5));
      expect(decisions).toEqual([4, 3, 2, 1, 0].map((remaining) => ({ allowed: true, retryAfterSeconds: 0, remaining })));
    });

    it('refuses the request after the limit, with the seconds until the next token', async () => {
      const store = await open(kind);
      for (let request = 0; request < 5; request += 1) await store.consume('key-a', 5);
      const refused = await store.consume('key-a', 5);
      // 5 a minute refill one token every 12 s.
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(11);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(12);
    });

    it('allows again once a token has refilled', async () => {
      const store = await open(kind);
      // 120 a minute refill one token every half second.
      await Promise.all(Array.from({ length: 120 }, () => store.consume('key-a', 120)));
      expect((await store.consume('key-a', 120)).allowed).toBe(false);
      await eventually('a refilled token', async () => (await store.consume('key-a', 120)).allowed, 2000);
    });

    it('counts each key on its own', async () => {
      const store = await open(kind);
      await store.consume('key-a', 1);
      expect((await store.consume('key-a', 1)).allowed).toBe(false);
      expect((await store.consume('key-b', 1)).allowed).toBe(true);
    });

    it('treats a limit of 0 as no limit', async () => {
      const store = await open(kind);
      for (let request = 0; request < 3; request += 1) {
        expect(await store.consume('key-a', 0)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY });
      }
    });
  });

  describe('breaker state', () => {
    it('shows an open breaker through openUntil until it is closed', async () => {
      const store = await open(kind);
      const until = Date.now() + 60_000;
      await store.publishOpen('breaker:local', until);
      expect(store.openUntil('breaker:local')).toBe(until);
      expect(store.openUntil('breaker:other')).toBe(0);
      await store.publishClosed('breaker:local');
      expect(store.openUntil('breaker:local')).toBe(0);
    });

    it('reads an open time that has passed as closed', async () => {
      const store = await open(kind);
      await store.publishOpen('breaker:local:model', Date.now() - 1);
      expect(store.openUntil('breaker:local:model')).toBe(0);
    });

    it('tells breaker listeners about each publish, and stops when unsubscribed', async () => {
      const store = await open(kind);
      const heard: Array<[string, number]> = [];
      const unsubscribe = store.onBreakerChange((key, until) => heard.push([key, until]));
      await store.publishOpen('breaker:local', 4_000_000_000_000);
      await store.publishClosed('breaker:local');
      unsubscribe();
      await store.publishOpen('breaker:local', 4_000_000_000_000);
      expect(heard).toEqual([
        ['breaker:local', 4_000_000_000_000],
        ['breaker:local', 0],
      ]);
    });
  });

  describe('records', () => {
    it('returns a stored value as a copy', async () => {
      const store = await open(kind);
      const value = { id: 'resp_1', output: [{ type: 'message', content: 'ünïcode ✓' }], usage: null };
      await store.putRecord('responses', 'resp_1', value);
      value.output = [];
      expect(await store.getRecord('responses', 'resp_1')).toEqual({ id: 'resp_1', output: [{ type: 'message', content: 'ünïcode ✓' }], usage: null });
    });

    it('answers undefined for a record never stored', async () => {
      const store = await open(kind);
      expect(await store.getRecord('responses', 'missing')).toBeUndefined();
    });

    it('replaces a record stored again under the same id', async () => {
      const store = await open(kind);
      await store.putRecord('responses', 'resp_1', { version: 1 });
      await store.putRecord('responses', 'resp_1', { version: 2 });
      expect(await store.getRecord('responses', 'resp_1')).toEqual({ version: 2 });
    });

    it('keeps the same id in two namespaces apart', async () => {
      const store = await open(kind);
      await store.putRecord('responses', 'same', 'a response');
      await store.putRecord('conversations', 'same', 'a conversation');
      expect(await store.getRecord('responses', 'same')).toBe('a response');
      expect(await store.getRecord('conversations', 'same')).toBe('a conversation');
    });

    it('deletes a record, saying whether there was one', async () => {
      const store = await open(kind);
      await store.putRecord('responses', 'resp_1', [1, 2, 3]);
      expect(await store.deleteRecord('responses', 'resp_1')).toBe(true);
      expect(await store.getRecord('responses', 'resp_1')).toBeUndefined();
      expect(await store.deleteRecord('responses', 'resp_1')).toBe(false);
    });

    it('forgets a record once its time to live has passed', async () => {
      const store = await open(kind);
      await store.putRecord('responses', 'short', { kept: 'briefly' }, 1);
      await store.putRecord('responses', 'long', { kept: 'longer' }, 600);
      expect(await store.getRecord('responses', 'short')).toEqual({ kept: 'briefly' });
      await eventually('the record to expire', async () => (await store.getRecord('responses', 'short')) === undefined, 5000);
      expect(await store.getRecord('responses', 'long')).toEqual({ kept: 'longer' });
      expect(await store.deleteRecord('responses', 'short')).toBe(false);
    });

    it.each([
      ['undefined', undefined, TypeError],
      ['a function', () => undefined, TypeError],
    ])('refuses %s as a value', async (_name, value, error) => {
      const store = await open(kind);
      await expect(store.putRecord('responses', 'bad', value)).rejects.toThrow(error);
    });

    it.each([0, -5, Number.NaN])('refuses a time to live of %s', async (ttlSeconds) => {
      const store = await open(kind);
      await expect(store.putRecord('responses', 'bad', {}, ttlSeconds)).rejects.toThrow(RangeError);
      expect(await store.getRecord('responses', 'bad')).toBeUndefined();
    });
  });
});
