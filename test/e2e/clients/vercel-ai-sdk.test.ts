/**
 * The Vercel AI SDK (`ai` with `@ai-sdk/openai-compatible`) pointed at Switchyard, against
 * each kind of connection. The SDK has no model listing; HTTP failures are `APICallError`s.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, embed, generateText, Output, stepCountIs, streamText, tool } from 'ai';
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
  description: 'Current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `18C and sunny in ${city}`,
});

describe.each(connectionKinds)('Vercel AI SDK through a $name connection', ({ chatModel, embeddingModel, thinkingModel, missingModel }) => {
  const connect = () => createOpenAICompatible({ name: 'switchyard', baseURL: stack.baseURL, apiKey: 'any', includeUsage: true });

  it('answers a chat', async () => {
    const switchyard = connect();
    const { text } = await generateText({ model: switchyard(chatModel), prompt: 'Say hi' });
    expect(text).toBe('Hello! You said: Say hi');
  });

  it('streams a reply to the end with its usage', async () => {
    const switchyard = connect();
    const result = streamText({ model: switchyard(chatModel), prompt: 'Say hi' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const usage = await result.usage;
    expect(text).toBe('Hello! You said: Say hi');
    expect(await result.finishReason).toBe('stop');
    expect(usage).toMatchObject({ outputTokens: 5, totalTokens: (usage.inputTokens ?? 0) + 5 });
  });

  it("returns a thinking model's reasoning apart from the text", async () => {
    const switchyard = connect();
    const { text, reasoningText } = await generateText({ model: switchyard(thinkingModel), prompt: 'Say hi' });
    expect(reasoningText).toBe('The user wrote "Say hi", so I will greet them and repeat it.');
    expect(text).toBe('Hello! You said: Say hi');
  });

  it('completes a tool-call round trip', async () => {
    const switchyard = connect();
    const { text, steps } = await generateText({
      model: switchyard(chatModel),
      prompt: 'What is the weather in Paris?',
      tools: { get_weather: getWeather },
      stopWhen: stepCountIs(2),
    });
    expect(steps[0]?.toolCalls).toEqual([expect.objectContaining({ toolName: 'get_weather', input: { city: 'example' } })]);
    expect(text).toBe('The tool returned: 18C and sunny in example');
  });

  it('streams a tool-call round trip', async () => {
    const switchyard = connect();
    const result = streamText({
      model: switchyard(chatModel),
      prompt: 'What is the weather in Paris?',
      tools: { get_weather: getWeather },
      stopWhen: stepCountIs(2),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect((await result.steps)[0]?.toolResults).toEqual([expect.objectContaining({ toolName: 'get_weather', output: '18C and sunny in example' })]);
    expect(text).toBe('The tool returned: 18C and sunny in example');
  });

  it('reports a stream that breaks midway as an error part carrying the error frame', async () => {
    const switchyard = connect();
    const errors: unknown[] = [];
    const result = streamText({
      model: switchyard(chatModel),
      prompt: 'Say hi [scenario:reset-mid-stream]',
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(errors).toEqual([expect.objectContaining({ type: 'upstream_error', message: expect.any(String) })]);
  });

  it('generates a structured output (supportsStructuredOutputs: true)', async () => {
    const switchyard = createOpenAICompatible({ name: 'switchyard', baseURL: stack.baseURL, apiKey: 'any', supportsStructuredOutputs: true });
    const { output } = await generateText({
      model: switchyard(chatModel),
      output: Output.object({ schema: z.object({ city: z.string(), temperature: z.number() }) }),
      prompt: 'Weather in Paris?',
    });
    expect(output).toEqual({ city: 'example', temperature: 1 });
  });

  it('embeds text', async () => {
    const switchyard = connect();
    const { embedding } = await embed({ model: switchyard.embeddingModel(embeddingModel), value: 'The quick brown fox' });
    expect(embedding).toHaveLength(8);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 4);
  });

  it('throws an APICallError with status 404 for an unknown model', async () => {
    const switchyard = connect();
    const error: unknown = await generateText({ model: switchyard(missingModel), prompt: 'Say hi' }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
  });

  it('throws an APICallError with status 401 for a wrong key', async () => {
    const switchyard = createOpenAICompatible({ name: 'switchyard', baseURL: stack.securedBaseURL, apiKey: 'sk-wrong' });
    const error: unknown = await generateText({ model: switchyard(chatModel), prompt: 'Say hi' }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
  });
});
