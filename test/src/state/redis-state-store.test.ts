/**
 * What only the Redis store does, against a real redis-server: several stores (replicas)
 * on one Redis and key prefix share rate limits, breaker state and records.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { openRedisStateStore } from '../../../src/state/redis-state-store.js';
import { eventually } from '../../support/eventually.js';
import { closeTestStores, openReplicas, openTestStore } from './open-test-store.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

afterEach(closeTestStores);

describe('replicas on one Redis', () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('share a rate limit exactly, with requests arriving at both at once', async () => {
    const [first, second] = await openReplicas(server);
    const requests = Array.from({ length: 40 }, (_unused, index) => (index % 2 === 0 ? first : second).consume('client-1', 10));
    const decisions = await Promise.all(requests);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(decisions.filter((decision) => !decision.allowed).every((decision) => decision.retryAfterSeconds >= 1)).toBe(true);
  });

  it('keep limits apart under different key prefixes', async () => {
    const first = await openTestStore('redis', { redisUrl: server.url });
    const second = await openTestStore('redis', { redisUrl: server.url });
    await first.consume('client-1', 1);
    expect((await second.consume('client-1', 1)).allowed).toBe(true);
  });

  it('see a breaker opened on the other within a second', async () => {
    const [first, second] = await openReplicas(server);
    const heard: Array<[string, number]> = [];
    second.onBreakerChange((key, until) => heard.push([key, until]));
    const until = Date.now() + 30_000;
    await first.publishOpen('breaker:ollama', until);
    await eventually('the other replica to see the breaker open', () => second.openUntil('breaker:ollama') === until, 1000);
    expect(heard).toEqual([['breaker:ollama', until]]);
  });

  it('see a breaker closed on the other within a second', async () => {
    const [first, second] = await openReplicas(server);
    await first.publishOpen('breaker:ollama:llama3', Date.now() + 30_000);
    await eventually('the breaker to open there', () => second.openUntil('breaker:ollama:llama3') > 0, 1000);
    await first.publishClosed('breaker:ollama:llama3');
    await eventually('the breaker to close there', () => second.openUntil('breaker:ollama:llama3') === 0, 1000);
  });

  it('hear a breaker publish at once, without waiting for a resync', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const open = () => openRedisStateStore({ url: server.url, keyPrefix, logger: createLogger('silent'), resyncIntervalMs: 60_000 });
    const [first, second] = [await open(), await open()];
    try {
      await first.publishOpen('breaker:ollama', Date.now() + 30_000);
      await eventually('the publish to arrive', () => second.openUntil('breaker:ollama') > 0, 200);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('pick up on the next resync breaker state that came without a message', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const store = await openTestStore('redis', { redisUrl: server.url, keyPrefix });
    const admin = new Redis(server.url);
    try {
      const until = Date.now() + 30_000;
      await admin.hset(`${keyPrefix}breakers`, 'breaker:vllm', String(until));
      await eventually('the resync', () => store.openUntil('breaker:vllm') === until, 2000);
      await admin.hdel(`${keyPrefix}breakers`, 'breaker:vllm');
      await eventually('the resync', () => store.openUntil('breaker:vllm') === 0, 2000);
    } finally {
      admin.disconnect();
    }
  });

  it('read at start a breaker opened before they started', async () => {
    const shared = { redisUrl: server.url, keyPrefix: `test:${randomUUID()}:` };
    const first = await openTestStore('redis', shared);
    const until = Date.now() + 30_000;
    await first.publishOpen('breaker:vllm', until);
    const late = await openTestStore('redis', shared);
    await eventually('the new replica to read the breaker', () => late.openUntil('breaker:vllm') === until, 1000);
  });

  it('read and delete each other’s records', async () => {
    const [first, second] = await openReplicas(server);
    await first.putRecord('responses', 'resp_1', { output_text: 'shared' });
    expect(await second.getRecord('responses', 'resp_1')).toEqual({ output_text: 'shared' });
    expect(await second.deleteRecord('responses', 'resp_1')).toBe(true);
    expect(await first.getRecord('responses', 'resp_1')).toBeUndefined();
  });
});
