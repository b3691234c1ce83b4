/**
 * GET /status and GET /ui over HTTP: open without a key, same-origin only, and free of
 * prompts and keys.
 */
import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../../src/status/build-status.js';
import { closeAfterEach, eventually, heldModel, postJson, startStatusFixture } from './status-fixtures.js';

const track = closeAfterEach();
const clientKey = 'sk-client-key-never-shown-0815';

async function readStatus(url: string): Promise<GatewayStatus> {
  const response = await fetch(`${url}/status`);
  expect(response.status).toBe(200);
  return (await response.json()) as GatewayStatus;
}

describe('GET /status and /ui', () => {
  it.each(['/status', '/ui', '/ui/app.js', '/ui/app.css', '/ui/favicon.svg'])('answers %s without a key on a gateway that requires one', async (path) => {
    const { gateway } = track(await startStatusFixture({ server: { api_keys: [clientKey] } }));
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(401);
    expect((await fetch(gateway.url + path)).status).toBe(200);
  });

  it('lists each connection with its state, and each model with the connections serving it', async () => {
    const { gateway } = track(await startStatusFixture());
    await gateway.gateway.health.checkAll();
    const status = await readStatus(gateway.url);
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isNaN(Date.parse(status.started_at))).toBe(false);
    expect(status.connections).toEqual([
      expect.objectContaining({ name: 'ollama', mode: 'ollama', up: true, breaker: 'closed', in_flight: 0, queued: 0 }),
      expect.objectContaining({ name: 'vllm', mode: 'openai_compatible', up: true, breaker: 'closed', in_flight: 0, queued: 0 }),
    ]);
    expect(status.models).toEqual(
      expect.arrayContaining([
        { id: 'chat', connections: ['ollama'] },
        { id: 'llama3.2:1b', connections: ['ollama'] },
        { id: heldModel, connections: ['vllm'] },
      ]),
    );
  });

  it("counts a chat request in its model's statistics, and shows neither its prompt nor any key", async () => {
    const { gateway } = track(await startStatusFixture({ server: { api_keys: [clientKey] } }));
    const prompt = 'a prompt that must stay private 93127';
    const answer = await postJson(`${gateway.url}/v1/chat/completions`, { model: 'chat', messages: [{ role: 'user', content: prompt }] }, { headers: { authorization: `Bearer ${clientKey}` } });
    expect(answer.status).toBe(200);
    const completion = ((await answer.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content ?? '';
    const text = await eventually('the request in the statistics', async () => {
      const body = await (await fetch(`${gateway.url}/status`)).text();
      const chat = (JSON.parse(body) as GatewayStatus).stats.models.find((model) => model.model === 'chat');
      return chat !== undefined && chat.requests_per_second > 0 && chat.ttft_p50_ms !== null && body;
    });
    expect(text).not.toContain(prompt);
    expect(text).not.toContain(clientKey);
    expect(completion.length).toBeGreaterThan(0);
    expect(text).not.toContain(completion);
  });

  it('sends the page with a Content-Security-Policy that allows only its own origin', async () => {
    const { gateway } = track(await startStatusFixture());
    const response = await fetch(`${gateway.url}/ui`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    const sources = policy.split(';').flatMap((directive) => directive.trim().split(/\s+/).slice(1));
    expect(new Set(sources)).toEqual(new Set(["'self'", "'none'"]));
  });

  it('refers only to files of its own origin', async () => {
    const { gateway } = track(await startStatusFixture());
    const html = await (await fetch(`${gateway.url}/ui`)).text();
    const references = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(2);
    for (const reference of references) expect(reference).toMatch(/^(\/ui\/|#)/);
  });

  it.each([
    { path: '/ui/app.js', type: 'text/javascript; charset=utf-8' },
    { path: '/ui/app.css', type: 'text/css; charset=utf-8' },
    { path: '/ui/favicon.svg', type: 'image/svg+xml' },
  ])('serves $path as $type', async ({ path, type }) => {
    const { gateway } = track(await startStatusFixture());
    const response = await fetch(gateway.url + path);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for a file the page does not have', async () => {
    const { gateway } = track(await startStatusFixture());
    expect((await fetch(`${gateway.url}/ui/secrets.txt`)).status).toBe(404);
  });
});
