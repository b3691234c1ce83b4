/**
 * The official Anthropic SDK (`@anthropic-ai/sdk`) pointed at Switchyard's
 * `/v1/messages`, against each kind of connection: answers, streams, a tool round trip,
 * an image, and errors in Anthropic's shape. What the README's snippet shows.
 */
import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { connectionKinds, gatewayApiKey, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
// A 1×1 transparent PNG.
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function textOf(message: Anthropic.Message): string {
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

describe.each(connectionKinds)('Anthropic SDK through a $name connection', ({ chatModel, missingModel }) => {
  const connect = () => new Anthropic({ baseURL: stack.gateway.url, apiKey: 'any' });

  it('answers a message', async () => {
    const message = await connect().messages.create({ model: chatModel, max_tokens: 100, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(textOf(message)).toBe('Hello! You said: Say hi');
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: chatModel, stop_reason: 'end_turn' });
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams a message to the end', async () => {
    const stream = connect().messages.stream({ model: chatModel, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Say hi' }] });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(textOf(message)).toBe('Hello! You said: Say hi');
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).toContain('content_block_delta');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('calls a tool and reads its result back', async () => {
    const client = connect();
    const first = await client.messages.create({ model: chatModel, max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(call?.name).toBe('get_weather');
    const second = await client.messages.create({
      model: chatModel,
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: 'sunny, 21 °C' }] },
      ],
    });
    expect(textOf(second)).toBe('The tool returned: sunny, 21 °C');
  });

  it('takes a base64 image', async () => {
    const message = await connect().messages.create({
      model: chatModel,
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } }, { type: 'text', text: 'What is this?' }] }],
    });
    expect(textOf(message)).toBe('Hello! You said: What is this?');
  });

  it('raises a NotFoundError for a model nobody serves', async () => {
    const error = await connect().messages.create({ model: missingModel, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('Anthropic SDK errors', () => {
  it('raises a BadRequestError naming max_tokens when it is missing', async () => {
    const client = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'any' });
    const error = await client.messages.create({ model: 'llama3.2:1b', messages: [{ role: 'user', content: 'Hi' }] } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(JSON.stringify((error as InstanceType<typeof Anthropic.BadRequestError>).error)).toContain('max_tokens');
  });

  it('authenticates with x-api-key, as the SDK sends it, and refuses a wrong key in Anthropic’s shape', async () => {
    const model = { model: 'llama3.2:1b', max_tokens: 10, messages: [{ role: 'user' as const, content: 'Hi' }] };
    const good = new Anthropic({ baseURL: stack.securedGateway.url, apiKey: gatewayApiKey });
    expect(textOf(await good.messages.create(model))).toBe('Hello! You said: Hi');
    const error = await new Anthropic({ baseURL: stack.securedGateway.url, apiKey: 'wrong' }).messages.create(model).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
