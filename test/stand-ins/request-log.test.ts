/**
 * The stand-ins' request log: what arrived, and whether the response was sent in full or
 * its connection closed first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../support/close-after.js';
import { startStandInOllama } from '../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../support/stand-ins/stand-in-openai.js';
import type { OpenAIStandIn, StandIn } from '../support/stand-ins/stand-in-types.js';
import { eventually } from '../support/eventually.js';
import { postJson } from '../support/post-json.js';
import { chatBody } from './chat-body.js';

const trackForFile = closeAfterAll();

let ollama: StandIn;
let vllm: OpenAIStandIn;

beforeAll(async () => {
  ollama = trackForFile(await startStandInOllama({ chunkDelayMs: 1 }));
  vllm = trackForFile(await startStandInOpenAI({ chunkDelayMs: 1 }));
});

describe('stand-in request log', () => {
  it('records method, path, headers and the parsed JSON body', async () => {
    await (await postJson(`${ollama.url}/api/chat?debug=1`, chatBody('llama3.2:1b', 'hi', { stream: false }), { headers: { 'x-trace': 'abc' } })).text();
    const record = ollama.requests.at(-1);
    expect(record).toMatchObject({ method: 'POST', path: '/api/chat', body: { model: 'llama3.2:1b' }, scenario: 'normal' });
    expect(record?.headers['x-trace']).toBe('abc');
    expect(record?.receivedAt).toBeGreaterThan(0);
  });

  it('keeps a body that is not JSON as raw text', async () => {
    await (await postJson(`${ollama.url}/api/chat`, 'not json')).text();
    expect(ollama.requests.at(-1)?.body).toBe('not json');
  });

  it('marks a fully sent response finished, without closedAt', async () => {
    await (await postJson(`${vllm.baseUrl}/chat/completions`, chatBody('Qwen/Qwen2.5-0.5B-Instruct', 'hi', { stream: true }))).text();
    await eventually('the response to be sent in full', () => vllm.requests.at(-1)?.finished === true);
    expect(vllm.requests.at(-1)?.closedAt).toBeUndefined();
  });

  it('records closedAt, unfinished, when the client aborts a stream', async () => {
    const controller = new AbortController();
    const response = await postJson(`${vllm.baseUrl}/chat/completions`, chatBody('Qwen/Qwen2.5-0.5B-Instruct', 'hi [scenario:never-ending]', { stream: true }), {
      signal: controller.signal,
    });
    await response.body!.getReader().read();
    const abortedAt = performance.now();
    controller.abort();
    const record = vllm.requests.at(-1);
    await eventually('the stand-in to see the connection close', () => record?.closedAt !== undefined);
    expect(record?.finished).toBe(false);
    expect((record?.closedAt ?? 0) - abortedAt).toBeLessThan(200);
  });
});
