/**
 * LangChain.js (`@langchain/openai`) pointed at Switchyard, against each kind of
 * connection. LangChain has no model listing; it reports HTTP failures as the OpenAI
 * SDK's errors tagged with its own `lc_error_code`.
 */
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

// JSON Schema rather than zod: @langchain/core 0.3's types are written against zod 3.25 and
// make tsc crawl when zod 4 (the repo's) is in the same program.
const getWeather = tool(async (input) => `18C and sunny in ${(input as { city: string }).city}`, {
  name: 'get_weather',
  description: 'Current weather in a city',
  schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
});

describe.each(connectionKinds)('LangChain through a $name connection', ({ chatModel, embeddingModel, missingModel }) => {
  const connect = (model = chatModel) => new ChatOpenAI({ model, apiKey: 'any', configuration: { baseURL: stack.baseURL } });

  it('answers a chat', async () => {
    const llm = connect();
    const message = await llm.invoke('Say hi');
    expect(message.content).toBe('Hello! You said: Say hi');
  });

  it('streams a reply to the end with its usage', async () => {
    const llm = connect();
    let full: AIMessageChunk | undefined;
    for await (const chunk of await llm.stream('Say hi')) {
      full = full === undefined ? chunk : full.concat(chunk);
    }
    expect(full?.content).toBe('Hello! You said: Say hi');
    expect(full?.usage_metadata).toMatchObject({ output_tokens: 5, total_tokens: (full?.usage_metadata?.input_tokens ?? 0) + 5 });
  });

  it('completes a tool-call round trip', async () => {
    const llm = connect().bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage('What is the weather in Paris?')];
    const request = await llm.invoke(messages);
    messages.push(request);
    for (const call of request.tool_calls ?? []) messages.push(await getWeather.invoke(call));
    const answer = await llm.invoke(messages);

    expect(request.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'example' } })]);
    expect(answer.content).toBe('The tool returned: 18C and sunny in example');
  });

  it('streams a tool call', async () => {
    const llm = connect().bindTools([getWeather]);
    let full: AIMessageChunk | undefined;
    for await (const chunk of await llm.stream('What is the weather in Paris?')) {
      full = full === undefined ? chunk : full.concat(chunk);
    }
    expect(full?.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'example' } })]);
  });

  it('throws the error frame when the stream breaks midway', async () => {
    const llm = connect();
    const read = async () => {
      for await (const chunk of await llm.stream('Say hi [scenario:reset-mid-stream]')) void chunk;
    };
    await expect(read()).rejects.toMatchObject({ type: 'upstream_error', message: expect.any(String) });
  });

  it('returns a structured output', async () => {
    const weather = { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } }, required: ['city', 'temperature'] };
    const llm = connect().withStructuredOutput(weather, { name: 'weather' });
    expect(await llm.invoke('Weather in Paris?')).toEqual({ city: 'example', temperature: 1 });
  });

  it('embeds a query', async () => {
    const embeddings = new OpenAIEmbeddings({ model: embeddingModel, apiKey: 'any', configuration: { baseURL: stack.baseURL } });
    const vector = await embeddings.embedQuery('The quick brown fox');
    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
  });

  it('embeds documents in input order', async () => {
    const embeddings = new OpenAIEmbeddings({ model: embeddingModel, apiKey: 'any', configuration: { baseURL: stack.baseURL } });
    const [first, second] = await embeddings.embedDocuments(['first text', 'second text']);
    expect([first, second]).toEqual([await embeddings.embedQuery('first text'), await embeddings.embedQuery('second text')]);
    expect(first).not.toEqual(second);
  });

  it('throws a MODEL_NOT_FOUND error for an unknown model', async () => {
    const llm = connect(missingModel);
    await expect(llm.invoke('Say hi')).rejects.toMatchObject({ status: 404, lc_error_code: 'MODEL_NOT_FOUND' });
  });

  it('throws a MODEL_AUTHENTICATION error for a wrong key', async () => {
    const llm = new ChatOpenAI({ model: chatModel, apiKey: 'sk-wrong', configuration: { baseURL: stack.securedBaseURL } });
    await expect(llm.invoke('Say hi')).rejects.toMatchObject({ status: 401, lc_error_code: 'MODEL_AUTHENTICATION' });
  });
});
