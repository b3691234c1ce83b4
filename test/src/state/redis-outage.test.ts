/**
 * The Redis store when Redis stops, stalls, refuses writes or is missing at start: each
 * store keeps answering from local state within its bound, says so once, and is back on
 * shared state by itself when Redis is.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { captureLog, closeTestStores, openReplicas, openTestStore } from './open-test-store.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** The store's bound on a call is 250 ms; the rest is room for a busy test machine. */
const boundWithSlackMs = 600;

const servers: RedisServer[] = [];

afterEach(async () => {
  await closeTestStores();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** A Redis of the test's own, since the test stops it. */
async function startServer(): Promise<RedisServer> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}

describe('a Redis that goes away', () => {
  it('is answered from local state at once after it stopped', async () => {
    const server = await startServer();
    const store = await openTestStore('redis', { redisUrl: server.url });
    const until = Date.now() + 60_000;
    await store.publishOpen('breaker:ollama', until);
    await server.stop();
    const calls = [
      await timed(() => store.consume('client-1', 2)),
      await timed(() => store.putRecord('responses', 'resp_1', { kept: 'locally' })),
      await timed(() => store.getRecord('responses', 'resp_1')),
      await timed(() => store.publishOpen('breaker:vllm', until)),
    ];
    for (const call of calls) expect(call.ms).toBeLessThan(boundWithSlackMs);
    expect(calls[0]!.value).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 1 });
    expect(calls[2]!.value).toEqual({ kept: 'locally' });
    expect(store.openUntil('breaker:ollama')).toBe(until);
    expect(store.openUntil('breaker:vllm')).toBe(until);
  });

  it('counts rate limits in this process while it is down', async () => {
    const server = await startServer();
    const store = await openTestStore('redis', { redisUrl: server.url });
    await server.stop();
    await eventually('the store to notice', () => !store.up, 2000);
    const decisions = [];
    for (let request = 0; request < 3; request += 1) decisions.push(await store.consume('client-1', 2));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
  });

  it('sets up false and logs one warning for the outage, however many calls see it', async () => {
    const server = await startServer();
    const log = captureLog();
    const store = await openTestStore('redis', { redisUrl: server.url, logger: log.logger });
    const changes: boolean[] = [];
    store.onUpChange((up) => changes.push(up));
    await server.stop();
    for (let request = 0; request < 20; request += 1) await store.consume('client-1', 100);
    await eventually('the store to notice', () => !store.up, 2000);
    expect(changes).toEqual([false]);
    expect(log.warnings()).toHaveLength(1);
    expect(log.warnings()[0]!.msg).toMatch(/Redis cannot be reached/);
  });

  it('is used again by itself once it is back, with one info line', async () => {
    const server = await startServer();
    const log = captureLog();
    const [store, other] = await openReplicas(server, { logger: log.logger });
    const changes: boolean[] = [];
    store.onUpChange((up) => changes.push(up));
    await server.stop();
    await eventually('the store to notice', () => !store.up, 2000);
    await server.restart();
    await eventually('the store to be back', () => store.up && other.up, 5000);
    expect(changes).toEqual([false, true]);
    expect(log.infos().filter((line) => /reachable again/.test(line.msg))).toHaveLength(2); // one per store
    await store.consume('client-1', 1);
    expect((await other.consume('client-1', 1)).allowed).toBe(false);
  });

  it('is answered within the bound when it stops answering, and used again when it answers', async () => {
    const server = await startServer();
    const store = await openTestStore('redis', { redisUrl: server.url });
    server.pause();
    const stalled = await timed(() => store.consume('client-1', 5));
    expect(stalled.ms).toBeLessThan(boundWithSlackMs);
    expect(stalled.value.allowed).toBe(true);
    expect(store.up).toBe(false);
    const meanwhile = await timed(() => store.getRecord('responses', 'resp_1'));
    expect(meanwhile.ms).toBeLessThan(50);
    server.resume();
    await eventually('the store to be back', () => store.up, 5000);
  });

  it('shares a breaker published during the outage once it is back', async () => {
    const server = await startServer();
    const [first, second] = await openReplicas(server);
    await server.stop();
    await eventually('the store to notice', () => !first.up, 2000);
    const until = Date.now() + 60_000;
    await first.publishOpen('breaker:ollama', until);
    await server.restart();
    await eventually('the other replica to see the breaker', () => second.openUntil('breaker:ollama') === until, 5000);
  });

  it('starts on local state when Redis is missing at start, and connects when it comes', async () => {
    const server = await startServer();
    await server.stop();
    const log = captureLog();
    const store = await openTestStore('redis', { redisUrl: server.url, logger: log.logger });
    expect(store.up).toBe(false);
    expect((await store.consume('client-1', 1)).allowed).toBe(true);
    expect(log.warnings()).toHaveLength(1);
    await server.restart();
    await eventually('the store to connect', () => store.up, 5000);
  });
});

describe('a Redis that refuses writes', () => {
  it('answers from local state but stays up, with one warning for many refusals', async () => {
    const server = await startServer();
    const log = captureLog();
    const keyPrefix = `test:${randomUUID()}:`;
    const store = await openTestStore('redis', { redisUrl: server.url, keyPrefix, logger: log.logger });
    const admin = new Redis(server.url);
    try {
      // noeviction (the default) with a 1-byte limit: every write is refused with OOM.
      await admin.config('SET', 'maxmemory', '1');
      const decisions = [];
      for (let request = 0; request < 3; request += 1) decisions.push(await store.consume('client-1', 2));
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
      expect(store.up).toBe(true);
      expect(log.warnings()).toHaveLength(1);
      expect(log.warnings()[0]!.msg).toMatch(/refused a command/);
      await admin.config('SET', 'maxmemory', '0');
      await store.putRecord('responses', 'resp_1', { stored: 'in Redis' });
      expect(await admin.get(`${keyPrefix}record:responses:resp_1`)).toBe('{"stored":"in Redis"}');
    } finally {
      admin.disconnect();
    }
  });
});
