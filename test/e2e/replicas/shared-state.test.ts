/**
 * Several gateway processes on one real Redis (`state.store: redis`) share what must be
 * shared: a key's rate limit holds for all of them together, and a breaker one replica
 * opened makes the others skip that box. When Redis goes away they keep serving on local
 * state and report `switchyard_state_store_up 0`, and recover by themselves.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { spawnCli, waitForListening } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { scrape, valueOf } from '../../support/prometheus-text.js';
import { startRedisServer, type RedisServer } from '../../src/state/redis-server.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../pipeline/scripted-upstream.js';

const track = closeAfterAll();
const model = 'shared-model';
const key = 'sk-replica-test';
let redis: RedisServer;
let upstream: ScriptedUpstream;
let folder: string;
let replicas: string[];

async function startReplica(configFile: string): Promise<string> {
  const cli = track(spawnCli(['--config', configFile, '--port', '0']));
  return waitForListening(cli);
}

beforeAll(async () => {
  redis = await startRedisServer();
  track({ close: () => redis.stop() });
  upstream = track(await startScriptedUpstream('openai', model));
  upstream.handle = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }));
  };
  folder = await mkdtemp(join(tmpdir(), 'switchyard-replicas-'));
  const configFile = join(folder, 'gateway.config.yaml');
  await writeFile(
    configFile,
    [
      'server:',
      '  host: 127.0.0.1',
      '  log_level: info',
      '  log_format: json',
      `  api_keys: [{ key: ${key}, requests_per_minute: 6 }]`,
      'state:',
      '  store: redis',
      `  redis_url: ${redis.url}`,
      'health_checks: { interval_ms: 60000, timeout_ms: 1000 }',
      'connections:',
      `  - { name: box, mode: openai_compatible, base_url: "${upstream.root}/v1", failure_threshold: 1, cooldown_ms: 60000 }`,
    ].join('\n'),
  );
  replicas = await Promise.all([startReplica(configFile), startReplica(configFile), startReplica(configFile)]);
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const chat = (replica: string, body: Record<string, unknown> = {}) =>
  postJson(`${replica}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'Hi' }], ...body }, { headers: { authorization: `Bearer ${key}` } });

describe('three replicas on one Redis', () => {
  it('hold one rate limit together: 6 requests a minute across all of them', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) statuses.push((await chat(replicas[index % 3]!)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
  });
});

describe('a breaker one replica opened', () => {
  it('makes the other replicas skip the model on that box', async () => {
    await redis.restart(); // a fresh minute of rate limit for this test
    upstream.handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"llama runner process has terminated","type":"server_error","code":500}}');
    };
    await eventually('replicas to reach Redis again', async () => {
      for (const replica of replicas) if (valueOf(await scrape(replica), 'switchyard_state_store_up', {}) !== 1) return false;
      return true;
    }, 10_000);
    expect((await chat(replicas[0]!)).status).toBe(500);
    const received = upstream.received;
    // Pub/sub carries it at once; the store's full re-read every second bounds the wait.
    await sleep(1500);
    expect((await chat(replicas[1]!)).status).toBe(503);
    expect((await chat(replicas[2]!)).status).toBe(503);
    expect(upstream.received).toBe(received);
  });
});

describe('when Redis goes away', () => {
  it('keeps serving on local state, reports the store down, and recovers by itself', async () => {
    await redis.stop();
    await eventually('the store to be reported down', async () => valueOf(await scrape(replicas[0]!), 'switchyard_state_store_up', {}) === 0, 5000);
    // Served (or refused by the local limit), never hanging and never a 5xx from the store.
    const status = (await chat(replicas[0]!, { model: 'nobody-serves-this' })).status;
    expect(status === 404 || status === 429).toBe(true);
    await redis.restart();
    await eventually('the store to be reported up again', async () => valueOf(await scrape(replicas[0]!), 'switchyard_state_store_up', {}) === 1, 10_000);
  });
});
