/**
 * switchyard_upstream_errors_total: each kind of upstream failure counted once under its
 * reason, in both modes; an answered request counts nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { valueOf } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';

describe('switchyard_upstream_errors_total', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = track(await startObservedGateway({
      ollama: { firstByteDelayMs: 1000 },
      configure: (config) => ({
        ...config,
        connections: config.connections?.map((connection) => (connection.mode === 'ollama' ? { ...connection, timeout_ms: 200 } : connection)),
      }),
    }));
  });

  async function expectReason(connection: string, reason: string, count: number): Promise<void> {
    await eventually('the upstream error in the metrics', async () => expect(valueOf(await observed.scrape(), 'switchyard_upstream_errors_total', { connection, reason })).toBe(count));
  }

  it.each([
    ['http-500', 502, 'http_5xx', false],
    ['http-429', 429, 'http_4xx', false],
    ['garbage', 502, 'bad_response', false],
    ['slow-first-byte', 504, 'timeout', false],
    ['reset-before-response', 502, 'disconnected', false],
    ['reset-mid-stream', 200, 'disconnected', true],
  ] as const)('counts Ollama %s as status %i, reason %s', async (scenario, status, reason, stream) => {
    const before = valueOf(await observed.scrape(), 'switchyard_upstream_errors_total', { connection: 'ollama', reason });
    const response = await observed.chat('chat', `hi [scenario:${scenario}]`, { stream });
    const text = await response.text();
    expect(response.status).toBe(status);
    if (stream) expect(text).toMatch(/data: \{"error"/);
    await expectReason('ollama', reason, before + 1);
  });

  it.each([
    ['http-500', 500, 'http_5xx'],
    ['http-429', 429, 'http_4xx'],
    ['reset-mid-stream', 200, 'disconnected'],
  ] as const)('counts a passed-through %s (status %i reaching the client as sent) as reason %s', async (scenario, status, reason) => {
    const before = valueOf(await observed.scrape(), 'switchyard_upstream_errors_total', { connection: 'vllm', reason });
    const response = await observed.chat(vllmModel, `hi [scenario:${scenario}]`, { stream: true });
    await response.text();
    expect(response.status).toBe(status);
    await expectReason('vllm', reason, before + 1);
  });

  it('does not count an answered request', async () => {
    const before = await observed.scrape();
    const response = await observed.chat(vllmModel, 'fine');
    await response.text();
    const after = await observed.scrape();
    for (const reason of ['refused', 'timeout', 'http_4xx', 'http_5xx', 'bad_response', 'disconnected']) {
      expect(valueOf(after, 'switchyard_upstream_errors_total', { connection: 'vllm', reason })).toBe(valueOf(before, 'switchyard_upstream_errors_total', { connection: 'vllm', reason }));
    }
  });
});

describe('a connection that stops answering', () => {
  const trackForTest = closeAfterEach();

  it('counts the refused connection as reason refused and answers 503', async () => {
    const ollama = trackForTest(await startStandInOllama());
    const gateway = trackForTest(await startTestGateway({ connections: [{ name: 'gone', mode: 'ollama', base_url: ollama.url, models: ['llama3.2:1b'], failure_threshold: 1000 }] }));
    await gateway.gateway.health.checkAll();
    await ollama.close();
    const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'llama3.2:1b', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(503);
    await eventually('the refused connection in the metrics', async () => {
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toContain('switchyard_upstream_errors_total{connection="gone",reason="refused"} 1');
    });
  });
});
