/**
 * The official `openai` SDK (v6) against what the Responses front door emits, served by a
 * bare node:http server: the SDK's own parsing (`output_text`, the stream accumulator
 * behind `responses.stream()`, structured output parsing, API errors) is the judge.
 */
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startResponsesServer, type ResponsesServer, type ServerOptions } from './responses-server.js';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

let server: ResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(options: ServerOptions = {}): Promise<{ client: OpenAI; server: ResponsesServer }> {
  server = await startResponsesServer(options);
  return { client: new OpenAI({ baseURL: server.baseURL, apiKey: 'any', maxRetries: 0 }), server };
}

describe('the openai SDK against the Responses front door', () => {
  it('reads output_text and usage from responses.create()', async () => {
    const { client } = await connect();
    const response = await client.responses.create({ model: 'chat', input: 'Say hi' });
    expect(response.output_text).toBe('Hello! You said: Say hi');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({ input_tokens: 11, output_tokens: 7, total_tokens: 18 });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
  });

  it('accumulates a responses.stream() into the final response', async () => {
    const { client } = await connect();
    const stream = client.responses.stream({ model: 'chat', input: 'Say hi' });
    const snapshots: string[] = [];
    const types: string[] = [];
    stream.on('response.output_text.delta', (event) => snapshots.push(event.snapshot));
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello! You said: Say hi');
    expect(final.usage?.output_tokens).toBe(7);
    expect(snapshots.at(-1)).toBe('Hello! You said: Say hi');
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.reasoning_summary_text.delta');
  });

  it('streams a tool call whose arguments the SDK assembles', async () => {
    const { client } = await connect();
    const stream = client.responses.stream({ model: 'chat', input: 'Weather in Paris?', tools: [weatherTool] });
    const argumentSnapshots: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentSnapshots.push(event.snapshot));
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ call_id: 'call_7', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(argumentSnapshots).toEqual(['{"city":', '{"city":"Paris"}']);
  });

  it('completes a tool round trip through previous_response_id', async () => {
    const { client, server } = await connect();
    const first = await client.responses.create({ model: 'chat', input: 'Weather in Paris?', tools: [weatherTool] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const second = await client.responses.create({
      model: 'chat',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '18C and sunny' }],
    });
    expect(second.output_text).toBe('The tool returned: 18C and sunny');
    expect(server.chatRequests[1]?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('retrieves a stored response with its output_text', async () => {
    const { client } = await connect();
    const created = await client.responses.create({ model: 'chat', input: 'Say hi' });
    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved.id).toBe(created.id);
    expect(retrieved.output_text).toBe('Hello! You said: Say hi');
  });

  it('parses structured output with responses.parse()', async () => {
    const { client, server } = await connect();
    const format = zodTextFormat(z.object({ said: z.string() }), 'echo');
    const parsed = await client.responses.parse({ model: 'chat', input: 'hi', text: { format } });
    expect(parsed.output_parsed).toEqual({ said: 'hi' });
    expect(parsed.text?.format).toMatchObject({ type: 'json_schema', name: 'echo' });
    expect(server.chatRequests[0]?.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'echo', strict: true } });
  });

  it('sees response.failed with the error when the stream breaks', async () => {
    const { client } = await connect({ failStreamsAfter: 4 });
    const events = await client.responses.create({ model: 'chat', input: 'Say hi', stream: true });
    const types: string[] = [];
    let failed: OpenAI.Responses.Response | undefined;
    for await (const event of events) {
      types.push(event.type);
      if (event.type === 'response.failed') failed = event.response;
    }
    expect(types.at(-1)).toBe('response.failed');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'upstream_timeout' } });
  });

  it('raises an API error naming the refused tool', async () => {
    const { client } = await connect();
    const request = client.responses.create({ model: 'chat', input: 'Hi', tools: [{ type: 'web_search' }] });
    await expect(request).rejects.toMatchObject({ status: 400, param: 'tools[0].type', code: 'invalid_value' });
    await expect(request).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});
