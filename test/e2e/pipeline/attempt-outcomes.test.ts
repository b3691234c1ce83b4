/**
 * Each attempt ends in one outcome that the breakers and the metrics both read, so they
 * agree: a passthrough 5xx from the last connection counts against that model, a client
 * that hangs up says nothing about the upstream.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { openStream } from '../../support/open-stream.js';
import { postJson } from '../../support/post-json.js';
import { scrape, valueOf } from '../../support/prometheus-text.js';
import { chunkEvent, startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream.js';

const track = closeAfterEach();
const model = 'fake-model';
const chat = { model, messages: [{ role: 'user', content: 'Hi' }] };

async function passthroughPair(settings: { failure_threshold?: number; cooldown_ms?: number } = {}): Promise<{ upstream: ScriptedUpstream; gateway: TestGateway }> {
  const upstream = track(await startScriptedUpstream('openai', model));
  const gateway = track(
    await startTestGateway({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: `${upstream.root}/v1`, failure_threshold: 2, cooldown_ms: 200, ...settings }] }),
  );
  return { upstream, gateway };
}

describe('a passthrough 5xx from the last connection', () => {
  it('reaches the client as sent, counts as http_5xx, and opens the model breaker', async () => {
    const { upstream, gateway } = await passthroughPair();
    upstream.handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"llama runner process has terminated","type":"server_error","code":500}}');
    };
    for (let index = 0; index < 2; index += 1) {
      const response = await postJson(`${gateway.url}/v1/chat/completions`, chat);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('llama runner process has terminated');
    }
    const [connection] = gateway.gateway.connections;
    expect(connection?.breakerFor(model).state).toBe('open');
    // The box itself answered: its own breaker stays closed.
    expect(connection?.breaker.state).toBe('closed');
    await eventually('the 5xx to be counted', async () => valueOf(await scrape(gateway.url), 'switchyard_upstream_errors_total', { connection: 'vllm', reason: 'http_5xx' }) === 2);
    expect((await postJson(`${gateway.url}/v1/chat/completions`, chat)).status).toBe(503);
    expect(upstream.received).toBe(2);
  });
});

describe('a client that hangs up mid-passthrough', () => {
  it('leaves a half-open breaker half-open: the probe is handed back, not counted as a success', async () => {
    const { upstream, gateway } = await passthroughPair();
    upstream.handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"out of memory"}}');
    };
    for (let index = 0; index < 2; index += 1) await postJson(`${gateway.url}/v1/chat/completions`, chat);
    const breaker = gateway.gateway.connections[0]!.breakerFor(model);
    await eventually('the cool-down to end', () => breaker.state === 'half_open');
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunkEvent('Hel'));
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, { ...chat, stream: true });
    await stream.waitFor('Hel');
    stream.destroy();
    await eventually('the request to end', async () => valueOf(await scrape(gateway.url), 'switchyard_inflight_requests', { connection: 'vllm' }) === 0);
    expect(breaker.state).toBe('half_open');
  });
});
