/**
 * Streams through the gateway to a llama-server, which closes its socket about 1 ms after
 * every streamed answer although the head said keep-alive, and sends `Connection: close`
 * with its errors. A gateway that hands such a socket to the next request fails that
 * request ("socket hang up"); every request here must still be answered.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { postJson } from '../../support/post-json.js';
import { collectFailures, LLAMA_MODEL, startLlamaStack, streamText } from './llama-stack.js';

const track = closeAfterEach();

describe('sequential traffic', () => {
  it('answers 50 sequential streams in full', { timeout: 60_000 }, async () => {
    const { client } = await startLlamaStack(track);
    const failures = await collectFailures(
      Array.from({ length: 50 }, (_, index) => async () => expect(await streamText(client, `stream ${index}`)).toBe(`Hello! You said: stream ${index}`)),
    );
    expect(failures).toEqual([]);
  });

  it('answers a whole chat sent right after each of 25 streams', { timeout: 60_000 }, async () => {
    const { client } = await startLlamaStack(track);
    const steps = Array.from({ length: 25 }, (_, index) => [
      async () => expect(await streamText(client, `stream ${index}`)).toBe(`Hello! You said: stream ${index}`),
      async () => {
        const completion = await client.chat.completions.create({ model: LLAMA_MODEL, messages: [{ role: 'user', content: `whole ${index}` }] });
        expect(completion.choices[0]?.message.content).toBe(`Hello! You said: whole ${index}`);
      },
    ]).flat();
    expect(await collectFailures(steps)).toEqual([]);
  });

  it('answers 20 sequential legacy completion streams in full', { timeout: 60_000 }, async () => {
    const { client } = await startLlamaStack(track);
    const failures = await collectFailures(
      Array.from({ length: 20 }, (_, index) => async () => {
        const stream = await client.completions.create({ model: LLAMA_MODEL, prompt: `prompt ${index}`, stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
        expect(text).toBe(`Hello! You said: prompt ${index}`);
      }),
    );
    expect(failures).toEqual([]);
  });

  it('answers a stream and a whole chat after each of 10 error answers (Connection: close)', { timeout: 60_000 }, async () => {
    const { gateway, client } = await startLlamaStack(track);
    const steps = Array.from({ length: 10 }, (_, index) => [
      async () => {
        const refused = await postJson(`${gateway.url}/v1/chat/completions`, { model: LLAMA_MODEL, messages: 'not a list' });
        expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 400, body: { error: { code: 400, type: 'invalid_request_error' } } });
      },
      async () => expect(await streamText(client, `stream ${index}`)).toBe(`Hello! You said: stream ${index}`),
      async () => expect((await client.chat.completions.create({ model: LLAMA_MODEL, messages: [{ role: 'user', content: 'whole' }] })).choices[0]?.message.content).toBe('Hello! You said: whole'),
    ]).flat();
    expect(await collectFailures(steps)).toEqual([]);
  });
});

describe('a client that stops a stream', () => {
  it('frees the llama-server slot: the upstream request is closed', async () => {
    const { llama, client } = await startLlamaStack(track);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: LLAMA_MODEL, messages: [{ role: 'user', content: 'go on [scenario:never-ending]' }], stream: true },
      { signal: controller.signal },
    );
    for await (const _chunk of stream) break;
    controller.abort();
    await eventually('the llama-server slot to be released', async () => {
      const slots = (await (await fetch(`${llama.url}/slots`)).json()) as Array<{ is_processing: boolean }>;
      return slots.every((slot) => !slot.is_processing);
    });
    const upstream = llama.requests.find((request) => request.path === '/v1/chat/completions');
    expect(upstream?.closedAt).toBeDefined();
  });
});
