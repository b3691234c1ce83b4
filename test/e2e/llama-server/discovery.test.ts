/**
 * Health and discovery against a llama-server: ids that are file paths (`models/…gguf`),
 * no `/v1/models/{id}` upstream, a prefix split at its first slash, the upstream's
 * hop-by-hop headers kept to its own hop, and errors before the first token passed on as
 * the JSON they are.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { postJson } from '../../support/post-json.js';
import { LLAMA_MODEL, startLlamaStack, streamText } from './llama-stack.js';

const track = closeAfterEach();

describe('health and discovery', () => {
  it('reports the llama connection up on /ready', async () => {
    const { gateway } = await startLlamaStack(track);
    const ready = (await (await fetch(`${gateway.url}/ready`)).json()) as { status: string; connections: Array<{ name: string; up: boolean }> };
    expect(ready).toMatchObject({ status: 'ready', connections: [{ name: 'llama', up: true }] });
  });

  it('lists the model by its path, as llama-server names it', async () => {
    const { client } = await startLlamaStack(track);
    expect((await client.models.list()).data.map((model) => model.id)).toEqual([LLAMA_MODEL]);
  });

  it('answers GET /v1/models/{id} for an id with a slash from its own list (llama-server has no such route)', async () => {
    const { client } = await startLlamaStack(track);
    expect(await client.models.retrieve(LLAMA_MODEL)).toMatchObject({ id: LLAMA_MODEL, object: 'model' });
  });

  it('splits a prefixed id at its first slash only and sends the path-like id upstream', async () => {
    const { llama, client } = await startLlamaStack(track, { connection: { prefix: 'llama' } });
    expect((await client.models.list()).data.map((model) => model.id)).toEqual([`llama/${LLAMA_MODEL}`]);
    expect(await streamText(client, 'hi', `llama/${LLAMA_MODEL}`)).toBe('Hello! You said: hi');
    const sent = llama.requests.find((request) => request.path === '/v1/chat/completions');
    expect((sent?.body as { model?: string } | undefined)?.model).toBe(LLAMA_MODEL);
  });
});

describe('what the client gets', () => {
  it("keeps llama-server's Keep-Alive and Connection headers to their own hop", async () => {
    const { gateway } = await startLlamaStack(track);
    const streamed = await postJson(`${gateway.url}/v1/chat/completions`, { model: LLAMA_MODEL, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    await streamed.text();
    const refused = await postJson(`${gateway.url}/v1/chat/completions`, { model: LLAMA_MODEL, messages: 'not a list' });
    await refused.text();
    expect(streamed.headers.get('keep-alive')).not.toBe('timeout=5, max=100');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('connection')).not.toBe('close');
  });

  it('passes a context overflow on a stream request as the plain JSON 400 it is', async () => {
    const { gateway } = await startLlamaStack(track, { llama: { contextLength: 64 } });
    const response = await postJson(`${gateway.url}/v1/chat/completions`, { model: LLAMA_MODEL, stream: true, messages: [{ role: 'user', content: 'word '.repeat(100) }] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { code: 400, type: 'exceed_context_size_error', n_ctx: 64 } });
  });
});
