/**
 * LlamaIndex.TS (`@llamaindex/openai`) pointed at Switchyard, against each kind of
 * connection. LlamaIndex has no model listing; HTTP failures surface as the errors of the
 * OpenAI SDK it bundles (its own copy, so they are matched by class name, not instanceof).
 */
import type { ChatMessage } from '@llamaindex/core/llms';
import { tool } from '@llamaindex/core/tools';
import { OpenAI, OpenAIEmbedding } from '@llamaindex/openai';
import type { CompletionUsage } from 'openai/resources/completions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `18C and sunny in ${city}`,
});

describe.each(connectionKinds)('LlamaIndex through a $name connection', ({ chatModel, embeddingModel, missingModel }) => {
  const connect = (model = chatModel) => new OpenAI({ model, apiKey: 'any', baseURL: stack.baseURL });

  it('answers a chat', async () => {
    const llm = connect();
    const response = await llm.chat({ messages: [{ role: 'user', content: 'Say hi' }] });
    expect(response.message.content).toBe('Hello! You said: Say hi');
  });

  it('streams a reply to the end with its usage', async () => {
    const llm = connect();
    const stream = await llm.chat({
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
      additionalChatOptions: { stream_options: { include_usage: true } },
    });
    let text = '';
    let usage: CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.delta;
      usage = (chunk.raw as { usage?: CompletionUsage } | null)?.usage ?? usage;
    }
    expect(text).toBe('Hello! You said: Say hi');
    expect(usage).toMatchObject({ completion_tokens: 5, total_tokens: (usage?.prompt_tokens ?? 0) + 5 });
  });

  it('completes a tool-call round trip', async () => {
    const llm = connect();
    const messages: ChatMessage[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const request = await llm.exec({ messages, tools: [getWeather] });
    messages.push(...request.newMessages);
    const answer = await llm.exec({ messages, tools: [getWeather] });

    expect(request.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather' })]);
    expect(answer.toolCalls).toEqual([]);
    expect(answer.newMessages.at(-1)?.content).toBe('The tool returned: 18C and sunny in example');
  });

  it('streams a tool-call round trip', async () => {
    const llm = connect();
    const messages: ChatMessage[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const request = await llm.exec({ messages, tools: [getWeather], stream: true });
    for await (const chunk of request.stream) void chunk;
    messages.push(...request.newMessages());
    const answer = await llm.exec({ messages, tools: [getWeather], stream: true });
    let text = '';
    for await (const chunk of answer.stream) text += chunk.delta;

    expect(request.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', input: { city: 'example' } })]);
    expect(text).toBe('The tool returned: 18C and sunny in example');
  });

  it('throws the error frame when the stream breaks midway', async () => {
    const llm = connect();
    const read = async () => {
      const stream = await llm.chat({ messages: [{ role: 'user', content: 'Say hi [scenario:reset-mid-stream]' }], stream: true });
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toMatchObject({ type: 'upstream_error', message: expect.any(String) });
  });

  it('answers in a response format', async () => {
    const llm = connect();
    const response = await llm.chat({
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      responseFormat: z.object({ city: z.string(), temperature: z.number() }),
    });
    expect(JSON.parse(response.message.content as string)).toEqual({ city: 'example', temperature: 1 });
  });

  it('embeds text', async () => {
    const embedModel = new OpenAIEmbedding({ model: embeddingModel, apiKey: 'any', baseURL: stack.baseURL });
    const vector = await embedModel.getTextEmbedding('The quick brown fox');
    expect(vector).toHaveLength(8);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
  });

  it('throws the bundled SDK NotFoundError for an unknown model', async () => {
    const llm = connect(missingModel);
    const error: unknown = await llm.chat({ messages: [{ role: 'user', content: 'Say hi' }] }).catch((caught: unknown) => caught);
    expect(error?.constructor.name).toBe('NotFoundError');
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('throws the bundled SDK AuthenticationError for a wrong key', async () => {
    const llm = new OpenAI({ model: chatModel, apiKey: 'sk-wrong', baseURL: stack.securedBaseURL });
    const error: unknown = await llm.chat({ messages: [{ role: 'user', content: 'Say hi' }] }).catch((caught: unknown) => caught);
    expect(error?.constructor.name).toBe('AuthenticationError');
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });
});
