/**
 * The official OpenAI SDK's Responses API (`client.responses`) pointed at Switchyard,
 * against each kind of connection: create, stream, a tool round trip continued by
 * `previous_response_id`, retrieve and delete. What the README's snippet shows.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe.each(connectionKinds)('OpenAI Responses API through a $name connection', ({ chatModel }) => {
  const connect = () => new OpenAI({ baseURL: stack.baseURL, apiKey: 'any' });

  it('creates a response', async () => {
    const response = await connect().responses.create({ model: chatModel, instructions: 'Be brief.', input: 'Say hi' });
    expect(response.output_text).toBe('Hello! You said: Say hi');
    expect(response.status).toBe('completed');
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('streams a response to the end, events in sequence', async () => {
    const stream = connect().responses.stream({ model: chatModel, input: 'Say hi' });
    const sequence: number[] = [];
    stream.on('event', (event) => sequence.push(event.sequence_number));
    const response = await stream.finalResponse();
    expect(response.output_text).toBe('Hello! You said: Say hi');
    expect(sequence).toEqual(sequence.map((_value, index) => index));
  });

  it('calls a function and continues the stored conversation with its output', async () => {
    const client = connect();
    const first = await client.responses.create({ model: chatModel, tools: [weatherTool], input: 'Weather in Oslo?' });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(call?.name).toBe('get_weather');
    const second = await client.responses.create({
      model: chatModel,
      tools: [weatherTool],
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call!.call_id, output: 'sunny' }],
    });
    expect(second.output_text).toBe('The tool returned: sunny');
  });

  it('retrieves and deletes a stored response', async () => {
    const client = connect();
    const created = await client.responses.create({ model: chatModel, input: 'Keep me' });
    expect((await client.responses.retrieve(created.id)).output_text).toBe('Hello! You said: Keep me');
    await client.responses.delete(created.id);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('does not keep a response sent with store: false', async () => {
    const client = connect();
    const created = await client.responses.create({ model: chatModel, input: 'Forget me', store: false });
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('OpenAI Responses API errors', () => {
  it('refuses an unknown previous_response_id with OpenAI’s 400', async () => {
    const client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'any' });
    const error = await client.responses.create({ model: 'llama3.2:1b', input: 'Hi', previous_response_id: 'resp_nothing' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('previous_response_not_found');
  });
});
