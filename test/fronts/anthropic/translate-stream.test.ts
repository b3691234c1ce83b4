import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../../core/openai-types.js';
import { rateLimited, upstreamError } from '../../../core/gateway-error.js';
import { translateStream } from '../../../fronts/anthropic/translate-stream.js';
import { context, createChunk, createUsageChunk, readEvents, summarize } from './stream-support.js';

const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 };

function replay(chunks: readonly ChatCompletionChunk[]) {
  const stream = translateStream(context);
  const frames = chunks.flatMap((chunk) => stream.push(chunk));
  frames.push(...stream.end());
  return readEvents(frames);
}

const textChunks = [
  createChunk({ role: 'assistant', content: '' }),
  createChunk({ content: 'Hello' }),
  createChunk({ content: ' world' }),
  createChunk({}, 'stop'),
  createUsageChunk(usage),
];

describe('translateStream', () => {
  it('streams text as one text block between message_start and message_stop', () => {
    expect(summarize(replay(textChunks))).toEqual([
      'message_start',
      'ping',
      'start[0]',
      'delta[0] text_delta',
      'delta[0] text_delta',
      'stop[0]',
      'message_delta',
      'message_stop',
    ]);
  });

  it('starts with an empty message of the public model and the response id', () => {
    const [first] = replay(textChunks);
    expect(first?.data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_test0001',
        type: 'message',
        role: 'assistant',
        model: 'claude-local',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  });

  it('opens a text block empty and sends the text in text_delta events', () => {
    const events = replay(textChunks);
    expect(events[2]?.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(events[3]?.data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } });
  });

  it('reports the stop reason and both token counts in message_delta', () => {
    const events = replay(textChunks);
    expect(events.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 12, output_tokens: 7 },
    });
    expect(events.at(-1)?.data).toEqual({ type: 'message_stop' });
  });

  it('sends message_delta and message_stop as soon as the usage chunk arrives', () => {
    const stream = translateStream(context);
    stream.push(createChunk({ content: 'Hi' }));
    expect(summarize(readEvents(stream.push(createChunk({}, 'stop'))))).toEqual(['stop[0]']);
    expect(summarize(readEvents(stream.push(createUsageChunk(usage))))).toEqual(['message_delta', 'message_stop']);
    expect(stream.end()).toEqual([]);
  });

  it('takes usage that comes on the finish chunk itself', () => {
    const stream = translateStream(context);
    stream.push(createChunk({ content: 'Hi' }));
    const events = readEvents(stream.push({ ...createChunk({}, 'length'), usage }));
    expect(summarize(events)).toEqual(['stop[0]', 'message_delta', 'message_stop']);
    expect(events[1]?.data).toMatchObject({ delta: { stop_reason: 'max_tokens' }, usage: { input_tokens: 12, output_tokens: 7 } });
  });

  it('streams thinking as a thinking block, signed, before a text block', () => {
    const events = replay([
      createChunk({ role: 'assistant', reasoning_content: 'Two plus' }),
      createChunk({ reasoning_content: ' two.' }),
      createChunk({ content: '4' }),
      createChunk({}, 'stop'),
      createUsageChunk(usage),
    ]);
    expect(summarize(events)).toEqual([
      'message_start',
      'ping',
      'start[0]',
      'delta[0] thinking_delta',
      'delta[0] thinking_delta',
      'delta[0] signature_delta',
      'stop[0]',
      'start[1]',
      'delta[1] text_delta',
      'stop[1]',
      'message_delta',
      'message_stop',
    ]);
    expect(events[2]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(events[3]?.data.delta).toEqual({ type: 'thinking_delta', thinking: 'Two plus' });
    expect(events[5]?.data.delta).toEqual({ type: 'signature_delta', signature: '' });
  });

  it('streams each tool call as its own tool_use block with its argument fragments', () => {
    const events = replay([
      createChunk({ role: 'assistant', content: 'Checking.' }),
      createChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      createChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      createChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      createChunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"zone"' } }] }),
      createChunk({ tool_calls: [{ index: 1, function: { arguments: ':"CET"}' } }] }),
      createChunk({}, 'tool_calls'),
      createUsageChunk(usage),
    ]);
    expect(summarize(events)).toEqual([
      'message_start',
      'ping',
      'start[0]',
      'delta[0] text_delta',
      'stop[0]',
      'start[1]',
      'delta[1] input_json_delta',
      'delta[1] input_json_delta',
      'stop[1]',
      'start[2]',
      'delta[2] input_json_delta',
      'delta[2] input_json_delta',
      'stop[2]',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} });
    expect(events[9]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_b', name: 'get_time', input: {} });
    expect(events.filter((event) => event.data.index === 1 && event.event === 'content_block_delta').map((event) => event.data.delta)).toEqual([
      { type: 'input_json_delta', partial_json: '{"city":' },
      { type: 'input_json_delta', partial_json: '"Paris"}' },
    ]);
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('ends an empty stream with an empty message', () => {
    const stream = translateStream(context);
    expect(summarize(readEvents(stream.end()))).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });

  it('ends a stream without a finish reason or usage as end_turn with zero tokens', () => {
    const events = replay([createChunk({ content: 'Cut' })]);
    expect(summarize(events)).toEqual(['message_start', 'ping', 'start[0]', 'delta[0] text_delta', 'stop[0]', 'message_delta', 'message_stop']);
    expect(events.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });

  it('ends with an error event when the stream fails mid-way', () => {
    const stream = translateStream(context);
    stream.push(createChunk({ content: 'Partial' }));
    const events = readEvents(stream.fail(upstreamError('The upstream closed the connection.', 'disconnected')));
    expect(events).toEqual([
      { event: 'error', data: { type: 'error', error: { type: 'api_error', message: 'The upstream closed the connection.' } } },
    ]);
    expect(stream.push(createChunk({ content: 'late' }))).toEqual([]);
    expect(stream.end()).toEqual([]);
  });

  it('fails with only the error event when nothing was sent yet', () => {
    const stream = translateStream(context);
    expect(readEvents(stream.fail(rateLimited('Slow down.', 2)))).toEqual([
      { event: 'error', data: { type: 'error', error: { type: 'rate_limit_error', message: 'Slow down.' } } },
    ]);
  });

  it('sends nothing after message_stop', () => {
    const stream = translateStream(context);
    textChunks.forEach((chunk) => stream.push(chunk));
    expect(stream.push(createChunk({ content: 'more' }))).toEqual([]);
    expect(stream.end()).toEqual([]);
    expect(stream.fail(upstreamError('late failure'))).toEqual([]);
  });

  it('ignores choices other than the first', () => {
    const chunk = createChunk({ content: 'first' });
    chunk.choices.push({ index: 1, delta: { content: 'second' }, logprobs: null, finish_reason: null });
    const texts = replay([chunk]).flatMap((event) => (event.event === 'content_block_delta' ? [(event.data.delta as { text: string }).text] : []));
    expect(texts).toEqual(['first']);
  });

  it('sends no delta for empty content', () => {
    const events = replay([createChunk({ role: 'assistant', content: '' }), createChunk({ content: null })]);
    expect(summarize(events)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });
});
