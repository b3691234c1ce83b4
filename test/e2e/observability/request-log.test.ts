/**
 * The request log: one JSON line per request with its id, route, model, connection,
 * status, timings and tokens; request ids kept, generated and sent upstream; nothing a
 * client wrote or a key in any line; and `server.log_level` followed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { startObservedGateway, upstreamApiKey, vllmModel, type ObservedGateway } from './observed-gateway.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const clientKey = 'sk-client-key-do-not-log-0815';
const modes = [
  ['translated', 'chat', 'ollama'],
  ['passthrough', vllmModel, 'vllm'],
] as const;

describe('request logs and request ids', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;
  const auth = { authorization: `Bearer ${clientKey}` };

  beforeAll(async () => {
    observed = track(await startObservedGateway({ configure: (config) => ({ ...config, server: { api_keys: [clientKey] } }) }));
  });

  const requestLines = (id: string) => observed.gateway.logs.filter((line) => line.msg === 'request' && line.request_id === id);

  async function logLineOf(id: string): Promise<Record<string, unknown>> {
    return eventually('the request log line', () => {
      const lines = requestLines(id);
      expect(lines).toHaveLength(1);
      return lines[0] as Record<string, unknown>;
    });
  }

  it.each(modes)('writes one JSON line per request with id, route, model, connection, status, timings and tokens (%s)', async (mode, model, connection) => {
    const id = `log-line-${mode}`;
    const response = await observed.chat(model, 'one two three', { stream: true, stream_options: { include_usage: true } }, { ...auth, 'x-request-id': id });
    await response.text();
    const line = await logLineOf(id);
    expect(line).toMatchObject({
      level: 30,
      request_id: id,
      method: 'POST',
      route: '/v1/chat/completions',
      model,
      connection,
      status: 200,
      stream: true,
      prompt_tokens: 3,
      completion_tokens: 6,
    });
    expect(line.duration_ms).toEqual(expect.any(Number));
    expect(line.ttft_ms).toEqual(expect.any(Number));
    expect(line.ttft_ms as number).toBeLessThanOrEqual(line.duration_ms as number);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestLines(id)).toHaveLength(1);
  });

  it.each(modes)('keeps a valid incoming x-request-id, echoes it and sends it upstream (%s)', async (mode, model, connection) => {
    const id = `client.id:${mode}-42`;
    const upstream = connection === 'ollama' ? observed.ollama : observed.vllm;
    const response = await observed.chat(model, 'hello', {}, { ...auth, 'x-request-id': id });
    await response.text();
    expect(response.headers.get('x-request-id')).toBe(id);
    const sent = upstream.requests.filter((request) => request.method === 'POST' && request.headers['x-request-id'] === id);
    expect(sent).toHaveLength(1);
    await logLineOf(id);
  });

  it.each(modes)('generates an id when none came, and sends the same one upstream (%s)', async (_mode, model, connection) => {
    const upstream = connection === 'ollama' ? observed.ollama : observed.vllm;
    const response = await observed.chat(model, 'hello', { stream: true }, auth);
    await response.text();
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(uuidPattern);
    expect(upstream.requests.at(-1)?.headers['x-request-id']).toBe(id);
    await logLineOf(id);
  });

  it.each([
    ['with spaces', 'has spaces in it'],
    ['too long', 'a'.repeat(129)],
    ['with a newline escape attempt', 'abc\\n{"level":60}'],
    ['with quotes', '"><script>'],
  ])('replaces an invalid x-request-id (%s) by a generated one', async (_case, incoming) => {
    const response = await observed.chat(vllmModel, 'hello', {}, { ...auth, 'x-request-id': incoming });
    await response.text();
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(uuidPattern);
    expect(observed.vllm.requests.at(-1)?.headers['x-request-id']).toBe(id);
  });

  it('echoes the id and logs the line on errors the gateway produces itself', async () => {
    const unknown = await observed.chat('no-such-model', 'hello', {}, { ...auth, 'x-request-id': 'error-404' });
    await unknown.text();
    expect(unknown.headers.get('x-request-id')).toBe('error-404');
    expect(await logLineOf('error-404')).toMatchObject({ status: 404, model: 'unknown', connection: 'none', route: '/v1/chat/completions' });
    const refused = await observed.chat(vllmModel, 'hello', {}, { 'x-request-id': 'error-401' });
    await refused.text();
    expect(refused.headers.get('x-request-id')).toBe('error-401');
    expect(await logLineOf('error-401')).toMatchObject({ status: 401, route: '/v1/chat/completions' });
  });

  it('logs probes and scrapes at debug, not info', async () => {
    const response = await fetch(`${observed.gateway.url}/health`, { headers: { 'x-request-id': 'probe-1' } });
    await response.text();
    expect(await logLineOf('probe-1')).toMatchObject({ level: 20, route: '/health', status: 200 });
  });

  it('never logs prompts, completions or keys', async () => {
    const prompt = 'PROMPT-CANARY-7c1f secret plans';
    const requests = [
      ...modes.map(([, model]) => observed.chat(model, prompt, {}, auth)),
      ...modes.map(([, model]) => observed.chat(model, prompt, { stream: true, stream_options: { include_usage: true } }, auth)),
      ...modes.map(([, model]) => observed.chat(model, `${prompt} [scenario:http-500]`, {}, auth)),
      ...modes.map(([, model]) => observed.chat(model, `${prompt} [scenario:reset-mid-stream]`, { stream: true }, auth)),
      observed.post('/v1/embeddings', { model: vllmModel, input: prompt }, auth),
      observed.post('/v1/completions', { model: 'chat', prompt }, auth),
      observed.chat(vllmModel, prompt, {}, { authorization: 'Bearer sk-wrong-key-9999' }),
    ];
    for (const response of await Promise.all(requests)) expect(await response.text()).toBeDefined();
    const ids = new Set<unknown>();
    await eventually('a log line for every request', () => {
      const lines = observed.gateway.logs.filter((line) => line.msg === 'request' && line.route !== '/metrics');
      for (const line of lines) ids.add(line.request_id);
      expect(ids.size).toBeGreaterThanOrEqual(requests.length);
    });
    const text = observed.gateway.logs.map((line) => JSON.stringify(line)).join('\n');
    expect(text).not.toContain('PROMPT-CANARY');
    expect(text).not.toContain('secret plans');
    expect(text).not.toContain('You said');
    expect(text).not.toContain(upstreamApiKey);
    expect(text).not.toContain(clientKey);
    expect(text).not.toContain('sk-wrong-key');
  });
});

describe('log level', () => {
  const track = closeAfterEach();

  it('follows server.log_level: at warn, request lines are left out and warnings kept', async () => {
    const running = track(
      await startTestGateway({
        server: { log_level: 'warn' },
        connections: [{ name: 'nowhere', mode: 'ollama', base_url: 'http://127.0.0.1:9' }],
        health_checks: { interval_ms: 60_000, timeout_ms: 500 },
      }),
    );
    const lines = running.logs;
    const response = await postJson(`${running.url}/v1/chat/completions`, '{"model":"x","messages":[]}');
    await response.text();
    await eventually('the "connection is down" warning', () => expect(lines.some((line) => line.msg === 'connection is down')).toBe(true));
    expect(lines.filter((line) => line.msg === 'request')).toEqual([]);
    expect(lines.every((line) => (line.level as number) >= 40)).toBe(true);
  });
});
