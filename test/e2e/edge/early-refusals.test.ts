/**
 * The request edge refuses early what would otherwise hold a socket or reach an upstream:
 * a declared body over `body_limit` (413 at once), a body that stops arriving (408), and
 * requests that break OpenAI's rules, each named by its field.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { within } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { scrape, valueOf } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';

const track = closeAfterEach();

/** Sends raw bytes and resolves with everything the gateway answers until it closes the connection. */
function exchangeRaw(gateway: TestGateway, head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, '127.0.0.1');
    const parts: Buffer[] = [];
    socket.on('data', (data: Buffer) => parts.push(data));
    socket.on('close', () => resolve(Buffer.concat(parts).toString('utf8')));
    socket.on('error', reject);
    socket.write(head + body);
  });
}

const chatHead = (length: number) => `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

describe('a declared body over body_limit', () => {
  it('gets 413 at once, without the body being read, and the connection closed', async () => {
    const gateway = track(await startTestGateway({ server: { body_limit: '1kb' } }));
    const answer = await within(exchangeRaw(gateway, chatHead(100_000_000_000), '{"model":'), 2000, 'the 413');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"request_too_large"');
    expect(valueOf(await scrape(gateway.url), 'switchyard_early_refusals_total', { reason: 'body_too_large' })).toBe(1);
  });
});

describe('a body that stops arriving', () => {
  it('gets 408 after body_timeout_ms and the connection closed', async () => {
    const gateway = track(await startTestGateway({ server: { body_timeout_ms: 200 } }));
    const answer = await within(exchangeRaw(gateway, chatHead(1000), '{"model":"m","mess'), 3000, 'the 408');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"request_timeout"');
    expect(valueOf(await scrape(gateway.url), 'switchyard_early_refusals_total', { reason: 'body_timeout' })).toBe(1);
  });
});

describe('OpenAI request rules on a translated connection', () => {
  async function ollamaGateway(): Promise<TestGateway> {
    const ollama = track(await startStandInOllama({ chunkDelayMs: 0 }));
    return track(await startTestGateway({ connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] }));
  }
  const user = { role: 'user', content: 'Hi' };

  it.each([
    ['max_tokens below 1', { max_tokens: 0, messages: [user] }, 'max_tokens'],
    ['max_completion_tokens below 1', { max_completion_tokens: 0, messages: [user] }, 'max_completion_tokens'],
    ['a tool message without tool_call_id', { messages: [user, { role: 'tool', content: '42' }] }, 'messages[1].tool_call_id'],
  ])('refuses %s with a 400 naming the field', async (_name, fields, param) => {
    const gateway = await ollamaGateway();
    const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'llama3.2:1b', ...fields });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe(param);
  });

  it('names the field that nests too deep', async () => {
    const gateway = await ollamaGateway();
    const deep = '['.repeat(100) + ']'.repeat(100);
    const raw = `{"model":"llama3.2:1b","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"x":${deep}}}}]}`;
    const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; param: string; message: string } };
    expect(error.code).toBe('nesting_too_deep');
    expect(error.param).toMatch(/^tools\[0\]\.function\.parameters\.x(\[0\])+$/);
    expect(error.message).toContain(error.param);
  });
});
