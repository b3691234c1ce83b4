/**
 * The official OpenAI SDK (`openai` on npm) pointed at Switchyard, against each kind of
 * connection. The stand-in model answers "Hello! You said: …", calls the first tool it is
 * offered and, given a tool result, says "The tool returned: …".
 */
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, gatewayApiKey, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

const weatherTool: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe.each(connectionKinds)('OpenAI SDK through a $name connection', ({ chatModel, embeddingModel, missingModel }) => {
  const connect = () => new OpenAI({ baseURL: stack.baseURL, apiKey: 'any' });

  it('answers a chat', async () => {
    const client = connect();
    const completion = await client.chat.completions.create({
      model: chatModel,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello! You said: Say hi');
  });

  it('streams a reply to the end with its usage', async () => {
    const client = connect();
    const stream = await client.chat.completions.create({
      model: chatModel,
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello! You said: Say hi');
    expect(usage).toMatchObject({ completion_tokens: 5, total_tokens: (usage?.prompt_tokens ?? 0) + 5 });
  });

  it('completes a tool-call round trip', async () => {
    const client = connect();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: chatModel, messages, tools: [weatherTool] });
    const reply = first.choices[0]!.message;
    messages.push(reply);
    for (const call of reply.tool_calls ?? []) {
      if (call.type !== 'function') continue;
      const { city } = JSON.parse(call.function.arguments) as { city: string };
      messages.push({ role: 'tool', tool_call_id: call.id, content: `18C and sunny in ${city}` });
    }
    const second = await client.chat.completions.create({ model: chatModel, messages, tools: [weatherTool] });

    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(reply.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(second.choices[0]?.message.content).toBe('The tool returned: 18C and sunny in example');
  });

  it('streams a tool-call round trip with runTools', async () => {
    const client = connect();
    const runner = client.chat.completions.runTools({
      model: chatModel,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      stream: true,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather in a city',
            function: ({ city }: { city: string }) => `18C and sunny in ${city}`,
            parse: JSON.parse,
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('The tool returned: 18C and sunny in example');
  });

  it('throws the error frame as an APIError when the stream breaks midway', async () => {
    const client = connect();
    const stream = await client.chat.completions.create({
      model: chatModel,
      messages: [{ role: 'user', content: 'Say hi [scenario:reset-mid-stream]' }],
      stream: true,
    });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    // A bare connection reset would be an APIConnectionError, without the frame's type.
    await expect(read()).rejects.toMatchObject({ type: 'upstream_error', message: expect.any(String) });
  });

  it('parses a structured output (response_format json_schema)', async () => {
    const client = connect();
    const completion = await client.chat.completions.parse({
      model: chatModel,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      response_format: zodResponseFormat(z.object({ city: z.string(), temperature: z.number() }), 'weather'),
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ city: 'example', temperature: 1 });
  });

  it('embeds text (the SDK asks for base64 and decodes it)', async () => {
    const client = connect();
    const response = await client.embeddings.create({ model: embeddingModel, input: 'The quick brown fox' });
    const embedding = response.data[0]!.embedding;
    expect(embedding).toHaveLength(8);
    // The stand-in's vectors have unit length; a wrongly decoded vector would not.
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 4);
  });

  it('lists the connection models', async () => {
    const client = connect();
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining([chatModel, embeddingModel]));
  });

  it('retrieves one model by id', async () => {
    const client = connect();
    const model = await client.models.retrieve(chatModel);
    expect(model).toMatchObject({ id: chatModel, object: 'model' });
  });

  it('throws NotFoundError for an unknown model', async () => {
    const client = connect();
    const request = client.chat.completions.create({ model: missingModel, messages: [{ role: 'user', content: 'Say hi' }] });
    await expect(request).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(request).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('throws AuthenticationError for a wrong key', async () => {
    const client = new OpenAI({ baseURL: stack.securedBaseURL, apiKey: 'sk-wrong' });
    const request = client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'Say hi' }] });
    await expect(request).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(request).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('answers when the right key is sent', async () => {
    const client = new OpenAI({ baseURL: stack.securedBaseURL, apiKey: gatewayApiKey });
    const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(completion.choices[0]?.message.content).toBe('Hello! You said: Say hi');
  });
});
