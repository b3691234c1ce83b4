/**
 * The fault scenarios every stand-in can play, per request (a `[scenario:…]` directive) or
 * per instance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../support/close-after.js';
import { startStandInOllama } from '../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../support/stand-ins/stand-in-openai.js';
import type { OpenAIStandIn, StandIn } from '../support/stand-ins/stand-in-types.js';
import { eventually } from '../support/eventually.js';
import { readRaw } from '../support/open-stream.js';
import { parseNdjson } from '../support/parse-ndjson.js';
import { parseSse } from '../support/parse-sse.js';
import { postJson } from '../support/post-json.js';
import { chatBody } from './chat-body.js';

const trackForFile = closeAfterAll();
const track = closeAfterEach();

const vllmModel = 'Qwen/Qwen2.5-0.5B-Instruct';
let ollama: StandIn;
let vllm: OpenAIStandIn;

const ollamaChat = (text: string) => postJson(`${ollama.url}/api/chat`, chatBody('llama3.2:1b', text));
const vllmChat = (text: string, extra: Record<string, unknown> = {}) =>
  postJson(`${vllm.baseUrl}/chat/completions`, chatBody(vllmModel, text, { stream: true, ...extra }));

beforeAll(async () => {
  ollama = trackForFile(await startStandInOllama({ chunkDelayMs: 2, firstByteDelayMs: 150 }));
  vllm = trackForFile(await startStandInOpenAI({ chunkDelayMs: 2, firstByteDelayMs: 150 }));
});

describe('stand-in fault scenarios', () => {
  it('slow-first-byte holds the headers back for firstByteDelayMs', async () => {
    const started = performance.now();
    const response = await ollamaChat('hi [scenario:slow-first-byte]');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(parseNdjson(await response.text()).at(-1)).toMatchObject({ done: true });
  });

  it('stall-mid-stream sends a few lines, then nothing until the client leaves', async () => {
    const controller = new AbortController();
    const response = await postJson(`${ollama.url}/api/chat`, chatBody('llama3.2:1b', 'a b c d e [scenario:stall-mid-stream]'), { signal: controller.signal });
    const reader = response.body!.getReader();
    let received = '';
    const reading = (async () => {
      for (;;) received += new TextDecoder().decode((await reader.read()).value);
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await reading;
    const lines = parseNdjson(received);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(4);
    expect(received).not.toContain('"done":true');
  });

  it('reset-mid-stream cuts the connection after a few lines', async () => {
    const exchange = await readRaw(`${ollama.url}/api/chat`, chatBody('llama3.2:1b', 'a b c d e [scenario:reset-mid-stream]'));
    expect(exchange.status).toBe(200);
    expect(exchange.chunks.length).toBeGreaterThan(0);
    expect(exchange.complete).toBe(false);
  });

  it('reset-before-response destroys the socket before any byte', async () => {
    await expect(ollamaChat('hi [scenario:reset-before-response]')).rejects.toThrow();
  });

  it('http-500 answers Ollama\'s {"error"} body', async () => {
    const response = await ollamaChat('hi [scenario:http-500]');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it('http-500 answers vLLM\'s error shape', async () => {
    const response = await vllmChat('hi [scenario:http-500]');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: expect.any(String), type: 'InternalServerError', param: null, code: 500 } });
  });

  it('http-429 answers vLLM\'s error shape with retry-after', async () => {
    const response = await vllmChat('hi [scenario:http-429]');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { type: 'RateLimitError', code: 429 } });
  });

  it('html-200 answers a 200 HTML page', async () => {
    const response = await vllmChat('hi [scenario:html-200]');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<html>');
  });

  it('garbage puts a line that is not JSON into the NDJSON stream', async () => {
    const text = await (await ollamaChat('hi [scenario:garbage]')).text();
    expect(() => parseNdjson(text)).toThrow();
  });

  it('truncated ends the Ollama stream cleanly without the done line', async () => {
    const lines = parseNdjson(await (await ollamaChat('a b c [scenario:truncated]')).text());
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line['done'] === true)).toBe(false);
  });

  it('truncated ends the SSE stream cleanly without [DONE]', async () => {
    const payloads = parseSse(await (await vllmChat('a b c [scenario:truncated]')).text());
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads).not.toContain('[DONE]');
  });

  it('error-line sends Ollama\'s {"error"} line mid-stream', async () => {
    const lines = parseNdjson(await (await ollamaChat('a b c [scenario:error-line]')).text());
    expect(lines.at(-1)).toEqual({ error: expect.any(String) });
    expect(lines.length).toBeGreaterThan(1);
  });

  it('error-line sends vLLM\'s error frame then [DONE]', async () => {
    const payloads = parseSse(await (await vllmChat('a b c [scenario:error-line]')).text());
    expect(payloads.at(-1)).toBe('[DONE]');
    expect(payloads.at(-2)).toMatchObject({ error: { type: 'InternalServerError', code: 500 } });
  });

  it('never-ending keeps sending chunks until the client leaves', async () => {
    const response = await vllmChat('hi [scenario:never-ending]');
    const reader = response.body!.getReader();
    let frames = 0;
    while (frames < 40) {
      const chunk = await reader.read();
      if (chunk.done) break;
      frames += 1;
    }
    await reader.cancel();
    expect(frames).toBe(40);
  });

  it('split-lines delivers lines in small pieces, multibyte characters split, that still join into valid lines', async () => {
    const exchange = await readRaw(`${ollama.url}/api/chat`, chatBody('llama3.2:1b', 'hi [scenario:split-lines]'));
    const strict = new TextDecoder('utf-8', { fatal: true });
    const splitCharacter = exchange.chunks.some((chunk) => {
      try {
        strict.decode(chunk);
        return false;
      } catch {
        return true;
      }
    });
    expect(exchange.chunks.length).toBeGreaterThan(20);
    expect(splitCharacter).toBe(true);
    const lines = parseNdjson(Buffer.concat(exchange.chunks).toString('utf8'));
    expect(lines.map((line) => (line['message'] as { content: string }).content).join('')).toBe('Hello! You said: hi — ünïcödé ✓ 👋');
  });

  it('a directive in the request overrides the instance scenario', async () => {
    vllm.scenario = 'http-500';
    try {
      const response = await vllmChat('hi [scenario:normal]');
      expect(response.status).toBe(200);
    } finally {
      vllm.scenario = 'normal';
    }
  });

  it('an instance scenario leaves listing endpoints alone unless the scope is all', async () => {
    ollama.scenario = 'http-500';
    try {
      expect((await fetch(`${ollama.url}/api/tags`)).status).toBe(200);
      expect((await ollamaChat('hi')).status).toBe(500);
      ollama.scenarioScope = 'all';
      expect((await fetch(`${ollama.url}/api/tags`)).status).toBe(500);
    } finally {
      ollama.scenario = 'normal';
      ollama.scenarioScope = 'inference';
    }
  });

  it('close() ends stalled and never-ending responses promptly', async () => {
    const standIn = track(await startStandInOllama({ chunkDelayMs: 1 }));
    const stalled = readRaw(`${standIn.url}/api/chat`, chatBody('llama3.2:1b', 'hi [scenario:stall-mid-stream]'));
    const endless = readRaw(`${standIn.url}/api/chat`, chatBody('llama3.2:1b', 'hi [scenario:never-ending]'));
    await eventually('both requests to arrive', () => standIn.requests.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await standIn.close();
    const endings = await Promise.all([stalled, endless]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(endings.every((exchange) => !exchange.complete)).toBe(true);
  });
});
