/**
 * switchyard_inflight_requests: up while a request runs, back at 0 after complete streams,
 * client aborts and waits cut short.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';
import { sumOf, valueOf } from '../../support/prometheus-text.js';

const modes = [
  ['translated', 'chat', 'ollama'],
  ['passthrough', vllmModel, 'vllm'],
] as const;

describe('switchyard_inflight_requests', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = track(await startObservedGateway({ ollama: { firstByteDelayMs: 2000 }, vllm: { firstByteDelayMs: 2000 } }));
  });

  const inflight = async (connection: string) => valueOf(await observed.scrape(), 'switchyard_inflight_requests', { connection });

  it.each(modes)('is back at 0 after complete streams (%s)', async (_mode, model, connection) => {
    const responses = await Promise.all([1, 2, 3].map(() => observed.chat(model, 'one two', { stream: true })));
    for (const response of responses) expect(await response.text()).toContain('data: [DONE]');
    await eventually('the inflight gauge to return to 0', async () => expect(await inflight(connection)).toBe(0));
  });

  it.each(modes)('counts an open stream, then is back at 0 once the client aborts it (%s)', async (_mode, model, connection) => {
    const upstream = connection === 'ollama' ? observed.ollama : observed.vllm;
    const before = upstream.requests.length;
    const response = await observed.chat(model, 'go on [scenario:never-ending]', { stream: true });
    const reader = response.body!.getReader();
    await reader.read();
    expect(await inflight(connection)).toBe(1);
    await reader.cancel();
    await eventually('the inflight gauge to return to 0', async () => expect(await inflight(connection)).toBe(0));
    // The abort reached the upstream: the stand-in saw its connection close early.
    await eventually('the upstream request to close', () => expect(upstream.requests.slice(before).find((request) => request.method === 'POST')?.closedAt).toBeDefined());
  });

  it.each(modes)('is back at 0 when the client gives up before the first byte, counted as 499 (%s)', async (_mode, model, connection) => {
    const controller = new AbortController();
    const pending = fetch(`${observed.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'wait [scenario:slow-first-byte]' }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await eventually('the inflight gauge to count the waiting request', async () => expect(await inflight(connection)).toBe(1));
    controller.abort();
    await pending;
    await eventually('the aborted request in the metrics', async () => {
      const samples = await observed.scrape();
      expect(valueOf(samples, 'switchyard_inflight_requests', { connection })).toBe(0);
      expect(sumOf(samples, 'switchyard_requests_total', { connection, status: '499' })).toBe(1);
    });
  });
});
