/**
 * The stand-in Ollama's /api/chat: NDJSON streams and whole answers in Ollama's shape,
 * tool calls, thinking, formats and Go's error texts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../support/close-after.js';
import { startStandInOllama } from '../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../support/stand-ins/stand-in-types.js';
import { parseNdjson } from '../support/parse-ndjson.js';
import { postJson } from '../support/post-json.js';
import { chatBody } from './chat-body.js';

const trackForFile = closeAfterAll();

const goTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const metricFields = ['total_duration', 'load_duration', 'prompt_eval_count', 'prompt_eval_duration', 'eval_count', 'eval_duration'];
const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' } }, required: ['city'] },
  },
};

let ollama: StandIn;
const chat = (body: unknown) => postJson(`${ollama.url}/api/chat`, body);

beforeAll(async () => {
  ollama = trackForFile(await startStandInOllama({ chunkDelayMs: 0 }));
});

describe('stand-in Ollama /api/chat', () => {
  it('streams NDJSON when stream is absent, one parseable object per line', async () => {
    const response = await chat(chatBody('llama3.2:1b', 'hi there'));
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = parseNdjson(text);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line['model']).toBe('llama3.2:1b');
      expect(line['created_at']).toMatch(goTime);
    }
    expect(lines.slice(0, -1).every((line) => line['done'] === false && !('done_reason' in line))).toBe(true);
    const content = lines.map((line) => (line['message'] as { content: string }).content).join('');
    expect(content).toBe('Hello! You said: hi there');
  });

  it('ends the stream with done true, done_reason and every metric', async () => {
    const lines = parseNdjson(await (await chat(chatBody('llama3.2:1b', 'one two three'))).text());
    const last = lines[lines.length - 1] ?? {};
    expect(Object.keys(last)).toEqual(['model', 'created_at', 'message', 'done_reason', 'done', ...metricFields]);
    expect(last).toMatchObject({ message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, prompt_eval_count: 3, eval_count: 6 });
  });

  it('answers with one JSON object when stream is false', async () => {
    const response = await chat(chatBody('llama3.2:1b', 'hello', { stream: false }));
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'llama3.2:1b', message: { role: 'assistant', content: 'Hello! You said: hello' }, done: true, done_reason: 'stop' });
    for (const field of metricFields) expect(body[field]).toBeGreaterThan(0);
  });

  it('stops after options.num_predict chunks with done_reason length', async () => {
    const lines = parseNdjson(await (await chat(chatBody('llama3.2:1b', 'a b c d e', { options: { num_predict: 3 } }))).text());
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ done: true, done_reason: 'length', eval_count: 3 });
  });

  it('calls the first tool with arguments built from its schema, as current Ollama shapes tool calls', async () => {
    const response = await chat(chatBody('llama3.2:1b', 'weather?', { tools: [weatherTool], stream: false }));
    const body = (await response.json()) as { message: { content: string; tool_calls: unknown[] }; done_reason: string };
    expect(body.done_reason).toBe('stop');
    expect(body.message.content).toBe('');
    expect(body.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_[a-z0-9]{8}$/), function: { index: 0, name: 'get_weather', arguments: { city: 'example', days: 1, metric: true } } },
    ]);
  });

  it('streams a tool call on a line of its own before the done line', async () => {
    const lines = parseNdjson(await (await chat(chatBody('llama3.2:1b', 'weather?', { tools: [weatherTool] }))).text());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather' } }] }, done: false });
    expect(lines[1]).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('mentions the tool result when the last message is a tool message', async () => {
    const messages = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '21 degrees', tool_name: 'get_weather' },
    ];
    const body = (await (await chat({ model: 'llama3.2:1b', messages, tools: [weatherTool], stream: false })).json()) as { message: { content: string } };
    expect(body.message.content).toBe('The tool returned: 21 degrees');
  });

  it('sends thinking before content for a thinking model', async () => {
    const lines = parseNdjson(await (await chat(chatBody('qwen3:0.6b', 'hi', { think: true }))).text());
    const messages = lines.map((line) => line['message'] as { content: string; thinking?: string });
    const firstContent = messages.findIndex((message) => message.content.length > 0);
    expect(messages[0]?.thinking).toBe('The ');
    expect(messages.slice(0, firstContent).every((message) => message.content === '' && message.thinking !== undefined)).toBe(true);
    expect(messages.map((message) => message.content).join('')).toBe('Hello! You said: hi');
  });

  it('refuses think on a model that cannot think, with Ollama\'s message', async () => {
    const response = await chat(chatBody('llama3.2:1b', 'hi', { think: true }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"llama3.2:1b" does not support thinking' });
  });

  it('answers a JSON string under format json', async () => {
    const body = (await (await chat(chatBody('llama3.2:1b', 'hi', { format: 'json', stream: false }))).json()) as { message: { content: string } };
    expect(JSON.parse(body.message.content)).toEqual({ reply: 'Hello! You said: hi' });
  });

  it('answers an object matching a JSON schema format', async () => {
    const format = { type: 'object', properties: { age: { type: 'integer' }, name: { type: 'string' } } };
    const body = (await (await chat(chatBody('llama3.2:1b', 'hi', { format, stream: false }))).json()) as { message: { content: string } };
    expect(JSON.parse(body.message.content)).toEqual({ age: 1, name: 'example' });
  });

  it('escapes <, > and & like Go\'s encoder', async () => {
    const text = await (await chat(chatBody('llama3.2:1b', '<b> & </b>', { stream: false }))).text();
    expect(text).toContain('\\u003cb\\u003e \\u0026 \\u003c/b\\u003e');
  });

  it('answers a load request (no messages) with done_reason load', async () => {
    const body = await (await chat({ model: 'llama3.2:1b', messages: [] })).json();
    expect(body).toMatchObject({ model: 'llama3.2:1b', message: { role: 'assistant', content: '' }, done_reason: 'load', done: true });
  });
});
