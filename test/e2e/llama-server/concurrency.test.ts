/**
 * Concurrent mixed traffic through the gateway to a llama-server that closes its socket
 * after every stream: streams, whole chats, legacy completions, model lists and errors
 * at once, each answered as it would be alone.
 */
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { LLAMA_MODEL, startLlamaStack, streamText } from './llama-stack.js';

const track = closeAfterEach();

/** One request of the mix and what it must give. */
function mixedRequest(client: OpenAI, index: number): () => Promise<unknown> {
  switch (index % 5) {
    case 0:
      return async () => expect(await streamText(client, `stream ${index}`)).toBe(`Hello! You said: stream ${index}`);
    case 1:
      return async () => expect((await client.chat.completions.create({ model: LLAMA_MODEL, messages: [{ role: 'user', content: `whole ${index}` }] })).choices[0]?.message.content).toBe(`Hello! You said: whole ${index}`);
    case 2:
      return async () => {
        const stream = await client.completions.create({ model: LLAMA_MODEL, prompt: `prompt ${index}`, stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
        expect(text).toBe(`Hello! You said: prompt ${index}`);
      };
    case 3:
      return async () => expect((await client.models.list()).data.map((model) => model.id)).toContain(LLAMA_MODEL);
    default:
      // Refused before the first token: plain JSON, even though a stream was asked for.
      return async () => {
        const words = 'word '.repeat(3000);
        await expect(client.chat.completions.create({ model: LLAMA_MODEL, messages: [{ role: 'user', content: words }], stream: true })).rejects.toMatchObject({ status: 400 });
      };
  }
}

describe('30 concurrent mixed requests', () => {
  it('answers each of them as it would be answered alone', { timeout: 60_000 }, async () => {
    const { client } = await startLlamaStack(track);
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, index) => mixedRequest(client, index)()));
    const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`#${index} (kind ${index % 5}): ${String(outcome.reason)}`] : []));
    expect(failures).toEqual([]);
  });

  it('answers three rounds of them one after the other, on sockets the previous round left', { timeout: 60_000 }, async () => {
    const { client } = await startLlamaStack(track);
    const failures: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, index) => mixedRequest(client, index)()));
      outcomes.forEach((outcome, index) => outcome.status === 'rejected' && failures.push(`round ${round} #${index}: ${String(outcome.reason)}`));
    }
    expect(failures).toEqual([]);
  });
});
