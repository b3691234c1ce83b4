/**
 * Open WebUI cannot run here, so its chat, task and RAG requests are replayed as its
 * backend sends them (aiohttp to `{base_url}/chat/completions` and `/embeddings`) and the
 * answers are read the way its code reads them (open-webui-stream.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { openWebUIHeaders, readOpenWebUIStream } from './open-webui-stream.js';
import { connectionKinds, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack());
});

/** Open WebUI builds every URL as `f"{url}/…"` from the connection's base URL. */
function send(path: string, init: { key?: string; body?: unknown; baseURL?: string } = {}): Promise<Response> {
  return fetch(`${init.baseURL ?? stack.baseURL}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: openWebUIHeaders(init.key),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe.each(connectionKinds)('Open WebUI through a $name connection', ({ chatModel, embeddingModel, thinkingModel, missingModel }) => {
  const chatTurn = { model: chatModel, stream: true, messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: 'Say hi' }] };

  it('streams a chat as text/event-stream with one JSON object per data: line', async () => {
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body: chatTurn }));
    expect(stream.contentType).toContain('text/event-stream');
    expect(stream.brokenPayloads).toEqual([]);
    expect(stream.content).toBe('Hello! You said: Say hi');
    expect(stream.sawDone).toBe(true);
  });

  it('answers a turn with an uploaded picture (image_url data URL part)', async () => {
    const picture = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const content = [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: picture } }];
    const body = { ...chatTurn, messages: [{ role: 'user', content }] };
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body }));
    expect(stream.content).toBe('Hello! You said: What is in this picture?');
  });

  it('streams the reasoning of a thinking model in a delta field its "Thinking…" block reads', async () => {
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body: { ...chatTurn, model: thinkingModel } }));
    expect(stream.reasoning).toBe('The user wrote "Say hi", so I will greet them and repeat it.');
    expect(stream.content).toBe('Hello! You said: Say hi');
  });

  it('sends no top-level event or selected_model_id key, which Open WebUI would take for its own', async () => {
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body: chatTurn }));
    expect(stream.chunks.length).toBeGreaterThan(0);
    expect(stream.specialKeyChunks).toBe(0);
  });

  it('does not compress the stream although Open WebUI accepts gzip', async () => {
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body: chatTurn }));
    expect(stream.contentEncoding).toBeNull();
  });

  it('streams usage when the model has the Usage capability (stream_options.include_usage)', async () => {
    const body = { ...chatTurn, stream_options: { include_usage: true } };
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body }));
    expect(stream.usage).toMatchObject({ completion_tokens: 5 });
  });

  it('streams native tool calls with an index on every fragment', async () => {
    const body = { ...chatTurn, messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [weatherTool] };
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body }));
    expect(stream.droppedToolCallFragments).toBe(0);
    expect(stream.toolCalls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } }]);
    expect(JSON.parse(stream.toolCalls[0]!.function.arguments)).toEqual({ city: 'example' });
  });

  it('answers the tool follow-up (assistant tool_calls with index, empty content, tool message)', async () => {
    const messages = [
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18C sunny' },
    ];
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body: { ...chatTurn, messages, tools: [weatherTool] } }));
    expect(stream.brokenPayloads).toEqual([]);
    expect(stream.content).toBe('The tool returned: 18C sunny');
  });

  it('answers a background title task (stream:false, max_tokens) in choices[0].message.content', async () => {
    const task = '### Task:\nGenerate a concise, 3-5 word title with an emoji.\nJSON format: { "title": "Greeting" }\n<chat_history>\nUSER: Hello\nASSISTANT: Hi!\n</chat_history>';
    const body = { model: chatModel, stream: false, max_tokens: 1000, messages: [{ role: 'user', content: task }] };
    const response = await send('/chat/completions', { key: 'sk-anything', body });
    const content = ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
    // background_tasks_handler: from the first "{" to the last "}", then json.loads.
    expect(JSON.parse(content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1))).toEqual({ title: 'Greeting' });
  });

  it('accepts a developer message and the sampling fields Open WebUI copies into the body', async () => {
    const body = {
      model: chatModel,
      stream: false,
      messages: [{ role: 'developer', content: 'You are helpful.' }, { role: 'user', content: 'Say hi' }],
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 512,
      seed: 42,
      stop: ['\n\nUser:'],
      frequency_penalty: 0,
      presence_penalty: 0,
    };
    const response = await send('/chat/completions', { key: 'sk-anything', body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ choices: [{ message: { content: 'Hello! You said: Say hi' } }] });
  });

  it('embeds a list input (RAG, "Bearer " with an empty key) as floats in input order', async () => {
    const embed = async (input: string[]) => {
      const response = await send('/embeddings', { key: '', body: { input, model: embeddingModel } });
      return ((await response.json()) as { data: Array<{ embedding: number[] }> }).data.map((item) => item.embedding);
    };
    const [first, second] = await embed(['chunk one', 'chunk two']);
    expect(first?.every((value) => typeof value === 'number')).toBe(true);
    expect(await embed(['chunk two', 'chunk one'])).toEqual([second, first]);
  });

  it('reports an unknown model as a non-2xx JSON {"error":{"message"}} before any stream', async () => {
    const response = await send('/chat/completions', { key: 'sk-anything', body: { ...chatTurn, model: missingModel } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('ends a stream that breaks upstream with one data: {"error":{"message"}} frame', async () => {
    const body = { ...chatTurn, messages: [{ role: 'user', content: 'Say hi [scenario:reset-mid-stream]' }] };
    const stream = await readOpenWebUIStream(await send('/chat/completions', { key: 'sk-anything', body }));
    expect(stream.brokenPayloads).toEqual([]);
    expect(stream.errors).toEqual([expect.objectContaining({ message: expect.any(String) })]);
  });
});
