/**
 * Metric labels come from configuration only: random paths, models and ids add no series.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';
import { findSamples, seriesKeys, sumOf, type Sample } from '../../support/prometheus-text.js';

const trackForTest = closeAfterEach();

const knownRoutes = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/models', '/v1/models/{id}', '/health', '/ready', '/metrics', 'unmatched'];
const clientKey = 'sk-client-key';

describe('metric labels come from configuration only', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;
  let knownModels: string[];

  beforeAll(async () => {
    observed = track(await startObservedGateway({ configure: (config) => ({ ...config, server: { api_keys: [clientKey] } }) }));
    const listing = (await (await fetch(`${observed.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${clientKey}` } })).json()) as { data: Array<{ id: string }> };
    knownModels = listing.data.map((model) => model.id);
    expect(knownModels).toContain(vllmModel);
  });

  /** Sends a round of requests whose paths, models, ids and keys are all random. */
  async function sendRandomTraffic(): Promise<void> {
    const random = randomUUID();
    const auth = { authorization: `Bearer ${clientKey}` };
    const requests = [
      fetch(`${observed.gateway.url}/random/${random}?q=${random}`, { headers: auth }),
      fetch(`${observed.gateway.url}/v1/${random}`, { method: 'POST', headers: auth }),
      fetch(`${observed.gateway.url}/v1/models/${random}`, { headers: auth }),
      fetch(`${observed.gateway.url}/v1/chat/completions?x=${random}`, { method: 'DELETE', headers: auth }),
      observed.chat(`model-${random}`, 'hello', {}, { ...auth, 'x-request-id': random }),
      observed.chat(`model-${random}`, 'hello', { stream: true }, auth),
      observed.post('/v1/embeddings', { model: `embed-${random}`, input: 'x' }, auth),
      observed.post('/v1/completions', { model: `text-${random}`, prompt: 'x' }, auth),
      observed.post(`/chat/completions?${random}=1`, `{"model": "${random}"`, auth),
      // Refused before any route handler ran: no key, and a wrong key.
      observed.chat(vllmModel, 'hello'),
      observed.chat(`model-${random}`, 'hello', {}, { authorization: `Bearer ${random}` }),
      fetch(`${observed.gateway.url}/${random}`),
    ];
    for (const response of await Promise.all(requests)) await response.text();
  }

  async function scrapeSettled(expectedRequests: number): Promise<Sample[]> {
    return eventually('every request in switchyard_requests_total', async () => {
      const samples = await observed.scrape();
      expect(sumOf(samples, 'switchyard_requests_total') - sumOf(samples, 'switchyard_requests_total', { route: '/metrics' })).toBe(expectedRequests);
      return samples;
    });
  }

  it('adds no series however many random paths and model names clients send', async () => {
    await sendRandomTraffic();
    const afterOneRound = seriesKeys(await scrapeSettled(1 + 12), 'switchyard_').filter((key) => !key.includes('"/metrics"'));
    for (let round = 0; round < 5; round += 1) await sendRandomTraffic();
    const afterSixRounds = seriesKeys(await scrapeSettled(1 + 6 * 12), 'switchyard_').filter((key) => !key.includes('"/metrics"'));
    expect(afterSixRounds).toEqual(afterOneRound);
  });

  it('uses only route patterns, configured or discovered models, connection names', async () => {
    const samples = await observed.scrape();
    const switchyardSamples = samples.filter((sample) => sample.name.startsWith('switchyard_'));
    const values = (label: string) => new Set(switchyardSamples.flatMap((sample) => (sample.labels[label] === undefined ? [] : [sample.labels[label]])));
    for (const route of values('route')) expect(knownRoutes).toContain(route);
    for (const model of values('model')) expect([...knownModels, 'chat', 'unknown']).toContain(model);
    for (const connection of values('connection')) expect(['ollama', 'vllm', 'none']).toContain(connection);
    for (const status of values('status')) expect(status).toMatch(/^[1-5]\d\d$/);
  });

  it('counts requests refused before routing under their route pattern, not the raw path', async () => {
    const samples = await observed.scrape();
    expect(sumOf(samples, 'switchyard_requests_total', { route: '/v1/chat/completions', status: '401', model: 'unknown', connection: 'none' })).toBeGreaterThan(0);
    expect(sumOf(samples, 'switchyard_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThan(0);
    expect(findSamples(samples, 'switchyard_requests_total').every((sample) => !sample.labels.route?.includes('random'))).toBe(true);
  });
});

describe('a known model whose connections are all down', () => {
  it('counts the 503 under the model, with connection none', async () => {
    const observed = trackForTest(await startObservedGateway({
      configure: (config) => ({ ...config, connections: config.connections?.map((connection) => ({ ...connection, models: connection.mode === 'ollama' ? ['llama3.2:1b'] : [vllmModel] })) }),
    }));
    observed.ollama.scenarioScope = 'all';
    observed.ollama.scenario = 'http-500';
    await observed.gateway.gateway.health.checkAll();
    const response = await observed.chat('llama3.2:1b', 'hello');
    await response.text();
    expect(response.status).toBe(503);
    await eventually('the refused request in switchyard_requests_total', async () => {
      const samples = await observed.scrape();
      expect(sumOf(samples, 'switchyard_requests_total', { route: '/v1/chat/completions', model: 'llama3.2:1b', connection: 'none', status: '503' })).toBe(1);
    });
  });
});
