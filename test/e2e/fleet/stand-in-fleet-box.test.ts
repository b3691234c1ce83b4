/**
 * The fleet box stand-in itself, spoken to directly: what it lists as resident, its cold
 * loads, its parallelism limit, its speed, and the vLLM flavour's `/metrics`. The routing
 * suites next to this one rely on each of these.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { parseNdjson } from '../../support/parse-ndjson.js';
import { postJson } from '../../support/post-json.js';
import { parseSamples } from '../../support/prometheus-text.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import { ollamaModel, vllmModel } from './fleet-fixtures.js';

const track = closeAfterEach();
const otherModel = 'qwen2.5:0.5b';

function ollamaChat(box: FleetBox, text: string, stream = false, model = ollamaModel): Promise<Response> {
  return postJson(`${box.url}/api/chat`, { model, stream, messages: [{ role: 'user', content: text }] });
}

async function listResident(box: FleetBox): Promise<Array<{ name: string; expires_at: string }>> {
  const answer = (await (await fetch(`${box.url}/api/ps`)).json()) as { models: Array<{ name: string; expires_at: string }> };
  return answer.models;
}

describe('an Ollama-shaped box', () => {
  it('lists its resident models in /api/ps with an expiry, and every model in /api/tags', async () => {
    const box = track(await startFleetBox({ models: [ollamaModel, otherModel], resident: [otherModel] }));
    const resident = await listResident(box);
    expect(resident.map((model) => model.name)).toEqual([otherModel]);
    expect(Date.parse(resident[0]!.expires_at)).toBeGreaterThan(Date.now());
    const tags = (await (await fetch(`${box.url}/api/tags`)).json()) as { models: Array<{ name: string }> };
    expect(tags.models.map((model) => model.name)).toEqual([ollamaModel, otherModel]);
  });

  it('loads a model that is not resident once, for every request that arrived meanwhile, and holds it from then on', async () => {
    const box = track(await startFleetBox({ models: [ollamaModel], coldLoadMs: 300 }));
    const started = performance.now();
    const answers = await Promise.all([ollamaChat(box, 'one'), ollamaChat(box, 'two')]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(box.coldLoads).toBe(1);
    expect(box.requests.map((request) => request.cold)).toEqual([true, true]);
    expect((await listResident(box)).map((model) => model.name)).toEqual([ollamaModel]);
    const warm = performance.now();
    expect((await ollamaChat(box, 'three')).status).toBe(200);
    expect(performance.now() - warm).toBeLessThan(200);
    expect(box.coldLoads).toBe(1);
  });

  it('works on at most `parallel` requests at once; the others wait inside the box', async () => {
    const box = track(await startFleetBox({ resident: [ollamaModel], parallel: 1 }));
    const release = box.hold();
    const first = ollamaChat(box, 'first');
    const second = ollamaChat(box, 'second');
    await eventually('both requests at the box', () => box.requests.length === 2);
    expect([box.running(), box.waiting()]).toEqual([1, 1]);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(box.requests.map((request) => request.finished)).toEqual([true, true]);
  });

  it.each([{ stream: true }, { stream: false }])('takes chunkDelayMs per chunk (stream: $stream)', async ({ stream }) => {
    const box = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 40 }));
    const started = performance.now();
    const answer = await ollamaChat(box, 'one two three', stream);
    const text = await answer.text();
    // "Hello! You said: one two three" is six chunks, and the done line a seventh.
    expect(performance.now() - started).toBeGreaterThanOrEqual(6 * 40 - 10);
    const lines = parseNdjson(text) as Array<{ message: { content: string } }>;
    expect(lines.map((line) => line.message.content).join('')).toBe('Hello! You said: one two three');
  });
});

describe('a vLLM-flavoured box', () => {
  it('serves /v1/models and /v1/chat/completions', async () => {
    const box = track(await startFleetBox({ kind: 'vllm', models: [vllmModel] }));
    const models = (await (await fetch(`${box.baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toEqual([vllmModel]);
    const answer = await postJson(`${box.baseUrl}/chat/completions`, { model: vllmModel, messages: [{ role: 'user', content: 'hi' }] });
    const completion = (await answer.json()) as { choices: Array<{ message: { content: string } }> };
    expect(completion.choices[0]?.message.content).toBe('Hello! You said: hi');
    expect(box.requests.map((request) => request.text)).toEqual(['hi']);
  });

  it('reports its own running and waiting requests in /metrics, or the values a test set', async () => {
    const box = track(await startFleetBox({ kind: 'vllm', models: [vllmModel], parallel: 1 }));
    const readGauges = async () => {
      const samples = parseSamples(await (await fetch(`${box.url}/metrics`)).text());
      return Object.fromEntries(samples.map((sample) => [sample.name, { labels: sample.labels, value: sample.value }]));
    };
    const release = box.hold();
    const answers = [1, 2, 3].map((index) => postJson(`${box.baseUrl}/chat/completions`, { model: vllmModel, messages: [{ role: 'user', content: `r${index}` }] }));
    await eventually('three requests at the box', () => box.requests.length === 3);
    expect(await readGauges()).toEqual({
      'vllm:num_requests_running': { labels: { engine: '0', model_name: vllmModel }, value: 1 },
      'vllm:num_requests_waiting': { labels: { engine: '0', model_name: vllmModel }, value: 2 },
      'vllm:kv_cache_usage_perc': { labels: { engine: '0', model_name: vllmModel }, value: 0 },
    });
    box.reported = { waiting: 17, kvCacheUsage: 0.25 };
    const set = await readGauges();
    expect([set['vllm:num_requests_running']?.value, set['vllm:num_requests_waiting']?.value, set['vllm:kv_cache_usage_perc']?.value]).toEqual([1, 17, 0.25]);
    release();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200]);
  });
});
