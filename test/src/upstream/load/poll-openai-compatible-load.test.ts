/**
 * How an OpenAI-compatible connection's load signals are found: which server answers
 * which path, what is remembered, and asking again once that stops answering. The reads
 * are a table of paths, so no server is needed.
 */
import { describe, expect, it } from 'vitest';
import type { LoadAnswer } from '../../../../src/upstream/load/fetch-load-text.js';
import type { ReadLoadPath } from '../../../../src/upstream/load/load-poller.js';
import { createOpenAICompatibleLoadPoller } from '../../../../src/upstream/load/poll-openai-compatible-load.js';

const vllmMetrics = 'vllm:num_requests_running{engine="0",model_name="m"} 2.0\nvllm:num_requests_waiting{engine="0",model_name="m"} 5.0\n';
const llamaMetrics = 'llamacpp:requests_processing 4\nllamacpp:requests_deferred 3\n';
const llamaSlots = JSON.stringify([
  { id: 0, n_ctx: 4096, is_processing: true },
  { id: 1, n_ctx: 4096, is_processing: false },
]);
const routerModels = JSON.stringify({ data: [{ id: 'gemma', status: { value: 'loaded' } }, { id: 'qwen', status: { value: 'unloaded' } }] });
const notSupported: LoadAnswer = { status: 501, text: '' };

/** A server as a table of path → answer; a path it lacks answers 404. Every read is recorded. */
function serve(table: Record<string, LoadAnswer | Error>): { read: ReadLoadPath; asked: string[] } {
  const asked: string[] = [];
  const read: ReadLoadPath = async (path) => {
    asked.push(path);
    const answer = table[path] ?? { status: 404, text: '' };
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, asked };
}

const ok = (text: string): LoadAnswer => ({ status: 200, text });

describe('createOpenAICompatibleLoadPoller', () => {
  it.each([
    ['a vLLM', { '/metrics': ok(vllmMetrics) }, { sources: ['vllm_metrics'], running: 2, waiting: 5 }],
    ['a llama-server with --metrics', { '/metrics': ok(llamaMetrics), '/slots': ok(llamaSlots) }, { sources: ['llama_slots', 'llama_metrics'], running: 4, waiting: 3, slots: { busy: 1, total: 2 } }],
    ['a llama-server without --metrics', { '/metrics': notSupported, '/slots': ok(llamaSlots) }, { sources: ['llama_slots'], running: 1, slots: { busy: 1, total: 2 } }],
    ['a llama-server with --no-slots', { '/metrics': ok(llamaMetrics), '/slots': notSupported }, { sources: ['llama_metrics'], running: 4, waiting: 3 }],
    ['a llama-server router', { '/models': ok(routerModels) }, { sources: ['llama_router'], loadedModels: [{ model: 'gemma' }] }],
  ] satisfies Array<[string, Record<string, LoadAnswer>, unknown]>)('reads %s from the server root', async (_, table, reading) => {
    expect(await createOpenAICompatibleLoadPoller('')(serve(table).read)).toEqual(reading);
  });

  it('asks vLLM first and stops there', async () => {
    const server = serve({ '/metrics': ok(vllmMetrics) });
    await createOpenAICompatibleLoadPoller('')(server.read);
    expect(server.asked).toEqual(['/metrics']);
  });

  it('reads /metrics once when it serves both as vLLM and llama-server probe', async () => {
    const server = serve({ '/metrics': ok(llamaMetrics), '/slots': ok(llamaSlots) });
    await createOpenAICompatibleLoadPoller('')(server.read);
    expect(server.asked).toEqual(['/metrics', '/slots']);
  });

  it('asks only what answered on later polls', async () => {
    const server = serve({ '/metrics': notSupported, '/slots': ok(llamaSlots) });
    const poll = createOpenAICompatibleLoadPoller('');
    await poll(server.read);
    server.asked.length = 0;
    await poll(server.read);
    expect(server.asked).toEqual(['/slots']);
  });

  it('answers undefined and asks everything again once what answered stops answering', async () => {
    const table: Record<string, LoadAnswer | Error> = { '/metrics': ok(vllmMetrics) };
    const server = serve(table);
    const poll = createOpenAICompatibleLoadPoller('');
    await poll(server.read);
    table['/metrics'] = new Error('connect ECONNREFUSED');
    expect(await poll(server.read)).toBeUndefined();
    table['/metrics'] = notSupported;
    table['/slots'] = ok(llamaSlots);
    server.asked.length = 0;
    expect(await poll(server.read)).toMatchObject({ sources: ['llama_slots'] });
    expect(server.asked).toEqual(['/metrics', '/slots']);
  });

  it('answers undefined for a server with no load signals, asking each path once', async () => {
    const server = serve({ '/metrics': ok('<html>LM Studio</html>') });
    expect(await createOpenAICompatibleLoadPoller('')(server.read)).toBeUndefined();
    expect(server.asked).toEqual(['/metrics', '/slots', '/models']);
  });

  it('keeps asking the next path when one fails to answer', async () => {
    const server = serve({ '/metrics': new Error('timed out'), '/slots': ok(llamaSlots) });
    expect(await createOpenAICompatibleLoadPoller('')(server.read)).toMatchObject({ sources: ['llama_slots'] });
  });

  it('asks below the root a proxy serves the server under', async () => {
    const server = serve({ '/vllm/metrics': ok(vllmMetrics) });
    expect(await createOpenAICompatibleLoadPoller('/vllm')(server.read)).toMatchObject({ sources: ['vllm_metrics'] });
  });
});
