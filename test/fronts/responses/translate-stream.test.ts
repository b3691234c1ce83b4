import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../../core/openai-types.js';
import { translateResponse } from '../../../fronts/responses/translate-response.js';
import { translateStream, type ResponsesStream } from '../../../fronts/responses/translate-stream.js';
import { chunk, context, parseRequest, readEvents, toolChunk, usageChunk, type SseEvent } from './fixtures.js';

const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };

function open(body: Record<string, unknown> = {}): ResponsesStream {
  return translateStream(parseRequest({ stream: true, ...body }), context);
}

function run(chunks: ChatCompletionChunk[], body: Record<string, unknown> = {}): { events: SseEvent[]; stream: ResponsesStream } {
  const stream = open(body);
  const frames = [...chunks.flatMap((each) => stream.push(each)), ...stream.end()];
  return { events: readEvents(frames), stream };
}

const types = (events: SseEvent[]) => events.map((event) => event.event);
const textChunks = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Bonjour' }), chunk({ content: ' ☕' }), chunk({}, 'stop'), usageChunk(usage)];

describe('translateStream', () => {
  it('streams text in OpenAI’s event order', () => {
    expect(types(run(textChunks).events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('names each event in its data as in its event line', () => {
    expect(run(textChunks).events.every((event) => event.data.type === event.event)).toBe(true);
  });

  it('numbers events from 0 without gaps', () => {
    const { events } = run(textChunks);
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_event, index) => index));
  });

  it('opens with the response in progress', () => {
    const [created, inProgress] = run(textChunks).events;
    expect(created?.data).toMatchObject({ response: { id: 'resp_abc123', object: 'response', status: 'in_progress', output: [], usage: null } });
    expect(inProgress?.data.response).toEqual(created?.data.response);
  });

  it('sends text deltas and the whole text with the message’s ids', () => {
    const { events } = run(textChunks);
    const ref = { item_id: 'msg_abc123_0', output_index: 0, content_index: 0 };
    expect(events.filter((event) => event.event === 'response.output_text.delta').map((event) => event.data)).toEqual([
      { type: 'response.output_text.delta', sequence_number: 4, ...ref, delta: 'Bonjour', logprobs: [] },
      { type: 'response.output_text.delta', sequence_number: 5, ...ref, delta: ' ☕', logprobs: [] },
    ]);
    expect(events[6]?.data).toEqual({ type: 'response.output_text.done', sequence_number: 6, ...ref, text: 'Bonjour ☕', logprobs: [] });
    expect(events[7]?.data).toMatchObject({ ...ref, part: { type: 'output_text', text: 'Bonjour ☕', annotations: [] } });
  });

  it('announces the message in progress and finishes it completed', () => {
    const { events } = run(textChunks);
    expect(events[2]?.data).toMatchObject({ output_index: 0, item: { type: 'message', id: 'msg_abc123_0', status: 'in_progress', role: 'assistant', content: [] } });
    expect(events[3]?.data).toMatchObject({ part: { type: 'output_text', text: '', annotations: [] } });
    expect(events[8]?.data).toMatchObject({ output_index: 0, item: { status: 'completed', content: [{ type: 'output_text', text: 'Bonjour ☕' }] } });
  });

  it('ends with the whole response and its usage', () => {
    const { events } = run(textChunks);
    expect(events.at(-1)?.data.response).toMatchObject({
      status: 'completed',
      output: [{ type: 'message', content: [{ text: 'Bonjour ☕' }] }],
      usage: { input_tokens: 9, output_tokens: 4, total_tokens: 13, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  it('streams tool calls sent in fragments, one item after the other', () => {
    const { events } = run([
      toolChunk({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }),
      toolChunk({ index: 0, function: { arguments: '{"city":' } }),
      toolChunk({ index: 0, function: { arguments: '"Paris"}' } }),
      toolChunk({ index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } }),
      chunk({}, 'tool_calls'),
    ]);
    expect(types(events).slice(2)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.data).toMatchObject({ item: { type: 'function_call', id: 'fc_abc123_0', call_id: 'call_1', name: 'get_weather', arguments: '', status: 'in_progress' } });
    expect(events[3]?.data).toMatchObject({ item_id: 'fc_abc123_0', output_index: 0, delta: '{"city":' });
    expect(events[5]?.data).toMatchObject({ item_id: 'fc_abc123_0', output_index: 0, name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(events[7]?.data).toMatchObject({ output_index: 1, item: { id: 'fc_abc123_1', call_id: 'call_2', name: 'get_time' } });
    expect(events.at(-1)?.data.response).toMatchObject({
      status: 'completed',
      output: [
        { type: 'function_call', call_id: 'call_1', arguments: '{"city":"Paris"}', status: 'completed' },
        { type: 'function_call', call_id: 'call_2', arguments: '{}', status: 'completed' },
      ],
    });
  });

  it('gives a streamed tool call without an id one of its own, and takes a name sent late', () => {
    const { stream } = run([toolChunk({ index: 0, function: { arguments: '{}' } }), toolChunk({ index: 0, function: { name: 'ping', arguments: '' } }), chunk({}, 'tool_calls')]);
    expect(stream.result()?.output).toEqual([{ type: 'function_call', id: 'fc_abc123_0', call_id: 'call_abc123_0', name: 'ping', arguments: '{}', status: 'completed' }]);
  });

  it('streams reasoning as a summary before the message', () => {
    const { events } = run([chunk({ reasoning_content: 'Two and ' }), chunk({ reasoning_content: 'two.' }), chunk({ content: '4' }), chunk({}, 'stop')]);
    expect(types(events).slice(2, 10)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
    ]);
    const ref = { item_id: 'rs_abc123_0', output_index: 0, summary_index: 0 };
    expect(events[2]?.data).toMatchObject({ output_index: 0, item: { type: 'reasoning', id: 'rs_abc123_0', summary: [] } });
    expect(events[3]?.data).toMatchObject({ ...ref, part: { type: 'summary_text', text: '' } });
    expect(events[4]?.data).toMatchObject({ ...ref, delta: 'Two and ' });
    expect(events[6]?.data).toMatchObject({ ...ref, text: 'Two and two.' });
    expect(events[8]?.data).toMatchObject({ item: { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Two and two.' }] } });
    expect(events[9]?.data).toMatchObject({ output_index: 1, item: { type: 'message', id: 'msg_abc123_1' } });
  });

  it('ends a stream cut by max_tokens with response.incomplete', () => {
    const { events } = run([chunk({ content: 'Once upon a' }), chunk({}, 'length')]);
    expect(events.at(-2)?.data).toMatchObject({ type: 'response.output_item.done', item: { status: 'incomplete' } });
    expect(events.at(-1)?.data).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('still gives an answer with no output its empty message', () => {
    const { events, stream } = run([chunk({ role: 'assistant', content: '' }), chunk({}, 'stop')]);
    expect(types(events)).toContain('response.output_text.done');
    expect(stream.result()?.output).toEqual([
      { type: 'message', id: 'msg_abc123_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: '', annotations: [] }] },
    ]);
  });

  it('ends the same output as the whole answer would have', () => {
    const { stream } = run([
      chunk({ reasoning_content: 'Weather needs a tool.' }),
      chunk({ content: 'Checking.' }),
      toolChunk({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }),
      chunk({}, 'tool_calls'),
      usageChunk(usage),
    ]);
    const whole = translateResponse(
      {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'chat',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Checking.',
              reasoning_content: 'Weather needs a tool.',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
            },
            logprobs: null,
            finish_reason: 'tool_calls',
          },
        ],
        usage,
      },
      parseRequest({ stream: true }),
      context,
    );
    expect(stream.result()).toEqual(whole);
  });

  it('hands over no result before the stream ended', () => {
    const stream = open();
    stream.push(chunk({ content: 'Hi' }));
    expect(stream.result()).toBeUndefined();
  });

  it('hands over the response the last event carried', () => {
    const { events, stream } = run(textChunks);
    expect(stream.result()).toEqual(events.at(-1)?.data.response);
  });

  it('keeps sequence numbers strictly increasing across every kind of item', () => {
    const { events } = run([
      chunk({ reasoning_content: 'a' }),
      chunk({ content: 'b' }),
      toolChunk({ index: 0, id: 'call_1', function: { name: 'f', arguments: '{}' } }),
      chunk({ content: 'c' }),
      toolChunk({ index: 1, id: 'call_2', function: { name: 'g', arguments: '{}' } }),
      chunk({}, 'tool_calls'),
    ]);
    const numbers = events.map((event) => event.data.sequence_number);
    expect(numbers.every((number, index) => index === 0 || number > numbers[index - 1]!)).toBe(true);
    const output = (events.at(-1)?.data.response as { output: Array<{ type: string }> }).output;
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'message', 'function_call']);
  });
});
