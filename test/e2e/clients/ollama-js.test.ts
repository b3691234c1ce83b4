/**
 * The official Ollama JavaScript client (`ollama` on npm) pointed at Switchyard as if it
 * were an Ollama server, against each kind of connection: an Ollama connection takes the
 * requests natively, an OpenAI-compatible one through translation. What the README's
 * snippet shows.
 */
import { Ollama } from 'ollama';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

describe.each(connectionKinds)('ollama-js through a $name connection', ({ chatModel, embeddingModel, missingModel }) => {
  const connect = () => new Ollama({ host: stack.gateway.url });

  it('lists the model', async () => {
    const { models } = await connect().list();
    expect(models.map((model) => model.name)).toContain(chatModel);
  });

  it('chats', async () => {
    const response = await connect().chat({ model: chatModel, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(response.message.content).toBe('Hello! You said: Say hi');
    expect(response.done).toBe(true);
  });

  it('streams a chat to its done line', async () => {
    let text = '';
    let last: { done: boolean; eval_count?: number } | undefined;
    for await (const part of await connect().chat({ model: chatModel, messages: [{ role: 'user', content: 'Say hi' }], stream: true })) {
      text += part.message.content;
      last = part;
    }
    expect(text).toBe('Hello! You said: Say hi');
    expect(last?.done).toBe(true);
    expect(last?.eval_count).toBeGreaterThan(0);
  });

  it('generates', async () => {
    const response = await connect().generate({ model: chatModel, prompt: 'Say hi' });
    expect(response.response).toBe('Hello! You said: Say hi');
  });

  it('embeds', async () => {
    const response = await connect().embed({ model: embeddingModel, input: ['one', 'two'] });
    expect(response.embeddings).toHaveLength(2);
    expect(response.embeddings[0]?.length).toBeGreaterThan(0);
  });

  it('shows a model', async () => {
    const shown = await connect().show({ model: chatModel });
    expect(shown.capabilities).toContain('completion');
  });

  it('raises an error with status 404 for a model nobody serves', async () => {
    const error = await connect().chat({ model: missingModel, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect((error as { status_code?: number }).status_code).toBe(404);
  });
});
