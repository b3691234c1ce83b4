/**
 * The gateway's own side of translated (Ollama) requests: streams relayed as they arrive,
 * breaks turned into an error frame, a client that hangs up cancelling the upstream call,
 * and upstream and validation errors in OpenAI's shape. The translation itself is tested
 * under test/providers/ollama.
 */
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../../support/stand-ins/stand-in-types.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually, within } from '../../support/eventually.js';
import { openStream } from '../../support/open-stream.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { parseSse } from '../../support/parse-sse.js';

const track = closeAfterEach();
let ollama: StandIn;
let gateway: TestGateway;

beforeEach(async () => {
  ollama = track(await startStandInOllama({ chunkDelayMs: 20, models: ['llama3.2:1b'] }));
  gateway = track(await startTestGateway({ connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat' }] }));
});

function chatRequest(content: string, stream = true) {
  return { model: 'llama3.2:1b', stream, messages: [{ role: 'user', content }] };
}

function chatCalls() {
  return ollama.requests.filter((item) => item.path === '/api/chat');
}

describe('streams', () => {
  it('delivers the first chunk while Ollama still holds back the rest', async () => {
    // stall-mid-stream: the stand-in sends its first lines, then nothing until the exchange ends.
    const stream = openStream(`${gateway.url}/v1/chat/completions`, chatRequest('[scenario:stall-mid-stream] hello'));
    await stream.waitFor('"chat.completion.chunk"');
    expect(stream.text()).not.toContain('[DONE]');
    stream.destroy();
  });

  it('ends with the chunks so far and then an error frame when Ollama breaks mid-stream', async () => {
    const stream = openStream(`${gateway.url}/v1/chat/completions`, chatRequest('[scenario:reset-mid-stream] hello'));
    const frames = parseSse(await within(stream.ended, 10_000, 'the end of the stream'));
    const last = frames.at(-1) as { error?: { type: string; code: string } };
    expect(frames.length).toBeGreaterThan(1);
    expect((frames[0] as { object?: string }).object).toBe('chat.completion.chunk');
    expect(last.error).toMatchObject({ type: 'upstream_error' });
    expect(frames).not.toContain('[DONE]');
  });

  it('closes the Ollama request when the client disconnects', async () => {
    const stream = openStream(`${gateway.url}/v1/chat/completions`, chatRequest('[scenario:never-ending] hello'));
    await stream.waitFor('"chat.completion.chunk"');
    stream.destroy();
    await eventually('the Ollama request to close', () => chatCalls()[0]?.closedAt !== undefined, 5000);
    expect(chatCalls()[0]?.finished).toBe(false);
  });
});

describe('errors', () => {
  it('answers an Ollama 500 with an OpenAI-shaped 502 bad_gateway', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send(chatRequest('[scenario:http-500] hello', false));
    expect(response.status).toBe(502);
    await expectOpenAIError(response.body, { type: 'upstream_error', code: 'bad_gateway' });
  });

  it('answers an HTML page from Ollama with an OpenAI-shaped 502 bad_gateway', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send(chatRequest('[scenario:html-200] hello', false));
    expect(response.status).toBe(502);
    await expectOpenAIError(response.body, { type: 'upstream_error', code: 'bad_gateway' });
  });

  it('answers a chat request without messages with 400 naming messages, before calling Ollama', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'llama3.2:1b' });
    expect(response.status).toBe(400);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'missing_field', param: 'messages' });
    expect(chatCalls()).toHaveLength(0);
  });
});
