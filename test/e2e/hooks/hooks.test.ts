/**
 * Hooks on the request path, end to end: hook modules (ES files written for the test)
 * and declarative hooks change what goes upstream and what comes back, in both modes,
 * seen by the real OpenAI SDK; refusals and failures come back OpenAI-shaped; a request
 * no hook applies to still passes through byte for byte.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../config/schema.js';
import { loadHooks } from '../../../src/hooks/load-hooks.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startGateway, type RunningGateway } from '../../../src/server.js';
import { closeAfterAll } from '../../support/close-after.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { scrape, valueOf } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../../support/stand-ins/stand-in-types.js';
import { ConfigError } from '../../../config/load-config.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { startScriptedUpstream } from '../pipeline/scripted-upstream.js';

const track = closeAfterAll();
let folder: string;
let ollama: StandIn;
let vllm: FakeUpstream;
let running: RunningGateway;

const hookSource = `
export function onRequest(request, ctx) {
  const last = request.messages.at(-1);
  if (last?.content === 'refuse me') throw Object.assign(new Error('This request is not allowed here.'), { status: 403 });
  if (last?.content === 'break me') throw new Error('a bug in the hook');
  return { ...request, messages: [{ role: 'system', content: 'Injected by a hook.' }, ...request.messages] };
}
export function onChunk(chunk, ctx) {
  if (chunk.choices?.[0]?.delta?.content?.includes('Hello')) ctx.emit({ type: 'status', data: { description: 'greeting seen', done: false } });
  for (const choice of chunk.choices ?? []) if (choice.delta?.content) choice.delta.content = choice.delta.content.replaceAll('Hello', '[redacted]');
}
export function onResponse(response) {
  for (const choice of response.choices) if (choice.message.content) choice.message.content = choice.message.content.replaceAll('Hello', '[redacted]');
}
`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-hooks-'));
  await writeFile(join(folder, 'redact.mjs'), hookSource);
  ollama = track(await startStandInOllama({ chunkDelayMs: 0 }));
  vllm = track(await startFakeUpstream({ models: ['plain-model'] }));
  const config = configSchema.parse({
    server: { host: '127.0.0.1', port: 0, log_level: 'silent' },
    state: { store: 'memory' },
    health_checks: { interval_ms: 60_000, timeout_ms: 2000 },
    hooks: [{ module: './redact.mjs', models: ['hooked'] }],
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat' },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
    ],
    models: [
      { name: 'hooked', connection: 'ollama', model: 'llama3.2:1b' },
      { name: 'clamped', connection: 'vllm', model: 'plain-model', hooks: { clamp: { max_tokens: { max: 64 } }, system_prompt: 'Be brief.' } },
      { name: 'tags', connection: 'ollama', model: 'qwen3:0.6b', reasoning_style: 'think_tags' },
    ],
  });
  running = await startGateway(config, createLogger('silent'), { baseDir: folder });
  track(running);
}, 30_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const client = () => new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'any', maxRetries: 0 });

describe('a hook module', () => {
  it('changes the request upstream and the whole answer back', async () => {
    const completion = await client().chat.completions.create({ model: 'hooked', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('[redacted]! You said: hi');
    const sent = ollama.requests.filter((request) => request.path === '/api/chat').at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Injected by a hook.' });
  });

  it('changes each chunk of a stream and sends the events it emits', async () => {
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'hooked', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    expect(text).toContain('data: {"event":{"type":"status","data":{"description":"greeting seen","done":false}}}');
    expect(text).not.toContain('Hello');
    expect(text).toContain('[redacted]');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('refuses a request with its own status and message, OpenAI-shaped', async () => {
    const error = await client().chat.completions.create({ model: 'hooked', messages: [{ role: 'user', content: 'refuse me' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('This request is not allowed here.');
  });

  it('that throws gives a 500 for that request only', async () => {
    const error = await client().chat.completions.create({ model: 'hooked', messages: [{ role: 'user', content: 'break me' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const after = await client().chat.completions.create({ model: 'hooked', messages: [{ role: 'user', content: 'hi' }] });
    expect(after.choices[0]?.message.content).toContain('You said: hi');
  });

  it('that is missing is a configuration error naming the file', async () => {
    const error = await loadHooks([{ module: './nowhere.mjs', timeout_ms: 2000 }], join(folder, 'gateway.config.yaml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('nowhere.mjs');
  });
});

describe('declarative hooks on an alias', () => {
  it('clamp max_tokens and prepend a system prompt on a passthrough connection', async () => {
    await client().chat.completions.create({ model: 'clamped', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }] });
    const sent = JSON.parse(vllm.inferenceRequests().at(-1)!.body.toString('utf8')) as { max_tokens: number; messages: Array<{ role: string; content: string }> };
    expect(sent.max_tokens).toBe(64);
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });
});

describe('requests no hook applies to', () => {
  it('still pass through byte for byte', async () => {
    const raw = '{"model":"plain-model",  "messages":[{"role":"user","content":"hi"}] }';
    await fetch(`${running.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(vllm.inferenceRequests().at(-1)!.body.toString('utf8')).toBe(raw);
  });
});

describe('reasoning_style: think_tags', () => {
  it('puts the model’s thinking inside content as <think> tags', async () => {
    const completion = await client().chat.completions.create({ model: 'tags', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toMatch(/^<think>[\s\S]+<\/think>/);
  });
});

describe('tool_choice required on Ollama', () => {
  it('counts an answer without a call as a miss, and returns the answer as the model gave it', async () => {
    const box = track(await startScriptedUpstream('ollama', 'stubborn:latest'));
    // A model that answers in words although a call was required.
    box.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ model: 'stubborn:latest', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: 'No tool for you.' }, done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 }));
    };
    const gateway = track(await startTestGateway({ connections: [{ name: 'box', mode: 'ollama', base_url: box.root, ollama_api: 'chat' }] }));
    const tools = [{ type: 'function' as const, function: { name: 'noop', parameters: { type: 'object', properties: {} } } }];
    const completion = await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'any' }).chat.completions.create({
      model: 'stubborn:latest',
      tool_choice: 'required',
      tools,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message).toMatchObject({ content: 'No tool for you.' });
    expect(completion.choices[0]?.message.tool_calls ?? []).toEqual([]);
    await eventually('the miss to be counted', async () => valueOf(await scrape(gateway.url), 'switchyard_tool_choice_misses_total', { model: 'stubborn:latest', connection: 'box' }) === 1);
    expect(gateway.logs.some((line) => line.msg === 'request' && line.tool_choice_missed === true)).toBe(true);
  });
});

describe('ctx.apiKeyName', () => {
  it('is the key’s name, never the key itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-hooks-key-'));
    await writeFile(join(dir, 'who.mjs'), 'export function onRequest(request, ctx) { return { ...request, user: ctx.apiKeyName }; }\n');
    const upstream = track(await startFakeUpstream({ models: ['plain-model'] }));
    const config = configSchema.parse({
      server: { host: '127.0.0.1', port: 0, log_level: 'silent', api_keys: [{ key: 'sk-secret-team-a', name: 'team-a' }] },
      state: { store: 'memory' },
      hooks: [{ module: './who.mjs' }],
      connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }],
    });
    const gateway = track(await startGateway(config, createLogger('silent'), { baseDir: dir }));
    await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'sk-secret-team-a' }).chat.completions.create({ model: 'plain-model', messages: [{ role: 'user', content: 'hi' }] });
    const sent = upstream.inferenceRequests().at(-1)!.body.toString('utf8');
    expect(JSON.parse(sent)).toMatchObject({ user: 'team-a' });
    expect(sent).not.toContain('sk-secret-team-a');
    await rm(dir, { recursive: true, force: true });
  });
});
