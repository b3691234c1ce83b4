import { describe, expect, it } from 'vitest';
import { upstreamError } from '../../../core/gateway-error.js';
import type { ChatCompletionChunk } from '../../../core/openai-types.js';
import { ollamaChatFront } from '../../../fronts/ollama/ollama-chat-front.js';
import { chunk, context, nowText, readLines, readVllmChunks, usageChunk } from './front-support.js';

const request = ollamaChatFront.schema.parse({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] });

function replay(chunks: readonly ChatCompletionChunk[]): Array<Record<string, unknown>> {
  const stream = ollamaChatFront.stream(request, context);
  return readLines([...chunks.flatMap((item) => stream.push(item)), ...stream.end()]);
}

const progress = (message: Record<string, unknown>) => ({
  model: context.publicModel,
  created_at: nowText,
  message: { role: 'assistant', content: '', ...message },
  done: false,
});

const finalLine = (doneReason: string, promptTokens: number, evalTokens: number) => ({
  model: context.publicModel,
  created_at: nowText,
  message: { role: 'assistant', content: '' },
  done: true,
  done_reason: doneReason,
  total_duration: 0,
  load_duration: 0,
  prompt_eval_count: promptTokens,
  prompt_eval_duration: 0,
  eval_count: evalTokens,
  eval_duration: 0,
});

describe('ollamaChatFront.stream', () => {
  it('sends one line per text delta, then the done line with counts from the usage chunk', () => {
    const lines = replay([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hello' }),
      chunk({ content: ' there' }),
      chunk({}, 'stop'),
      usageChunk({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 }),
    ]);
    expect(lines).toEqual([progress({ content: 'Hello' }), progress({ content: ' there' }), finalLine('stop', 7, 2)]);
  });

  it('sends thinking as message.thinking with empty content, as Ollama does', () => {
    const lines = replay([chunk({ reasoning_content: 'Two plus' }), chunk({ reasoning: ' two.' } as never), chunk({ content: '4' }), chunk({}, 'stop')]);
    expect(lines).toEqual([
      progress({ thinking: 'Two plus' }),
      progress({ thinking: ' two.' }),
      progress({ content: '4' }),
      finalLine('stop', 0, 0),
    ]);
  });

  it('assembles a vLLM tool call from its fragments and sends it whole at the finish', () => {
    const lines = replay(readVllmChunks('chat-stream-tool-calls.sse'));
    expect(lines).toEqual([
      {
        ...progress({
          tool_calls: [
            {
              id: 'chatcmpl-tool-3f2b9c1d7e8a4b6c9d0e1f2a3b4c5d6e',
              function: { index: 0, name: 'get_weather', arguments: { city: 'example', unit: 'celsius', days: 1 } },
            },
          ],
        }),
        created_at: '2024-11-19T08:00:00Z',
      },
      { ...finalLine('stop', 6, 9), created_at: '2024-11-19T08:00:00Z' },
    ]);
  });

  it('sends each of several calls on its own line, in index order', () => {
    const lines = replay([
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(lines.map((line) => (line['message'] as { tool_calls?: unknown }).tool_calls)).toEqual([
      [{ id: 'call_a', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } }],
      [{ id: 'call_b', function: { index: 1, name: 'get_time', arguments: {} } }],
      undefined,
    ]);
  });

  it('holds tool calls back until the finish chunk', () => {
    const stream = ollamaChatFront.stream(request, context);
    expect(stream.push(chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }))).toEqual([]);
    expect(stream.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }))).toEqual([]);
    expect(readLines(stream.push(chunk({}, 'tool_calls')))).toEqual([progress({ tool_calls: [{ id: 'c', function: { index: 0, name: 'f', arguments: { a: 1 } } }] })]);
  });

  it('sends calls still held at the end when no finish chunk came', () => {
    const stream = ollamaChatFront.stream(request, context);
    stream.push(chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }));
    expect(readLines(stream.end())).toEqual([progress({ tool_calls: [{ id: 'c', function: { index: 0, name: 'f', arguments: {} } }] }), finalLine('stop', 0, 0)]);
  });

  it('reports length from the finish chunk', () => {
    const lines = replay(readVllmChunks('chat-stream-length.sse'));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'length' });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((line) => line['done'] === false)).toBe(true);
  });

  it('reads counts from a usage field on the finish chunk itself', () => {
    const lines = replay([chunk({ content: 'a' }), { ...chunk({}, 'stop'), usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }]);
    expect(lines.at(-1)).toMatchObject({ prompt_eval_count: 3, eval_count: 1 });
  });

  it('ends a broken stream with Ollama’s error line', () => {
    const stream = ollamaChatFront.stream(request, context);
    stream.push(chunk({ content: 'Hel' }));
    expect(stream.fail(upstreamError('The upstream closed the connection mid-answer.', 'disconnected'))).toEqual([
      '{"error":"The upstream closed the connection mid-answer."}\n',
    ]);
  });

  it('throws a named error at the finish when a call’s arguments are not JSON', () => {
    const stream = ollamaChatFront.stream(request, context);
    stream.push(chunk({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }));
    expect(() => stream.push(chunk({}, 'length'))).toThrow(expect.objectContaining({ code: 'invalid_tool_arguments' }));
  });

  it('reads a finish chunk that comes without a delta', () => {
    const bare = { ...chunk({}, 'stop'), choices: [{ index: 0, logprobs: null, finish_reason: 'stop' }] } as unknown as ChatCompletionChunk;
    expect(replay([chunk({ content: 'a' }), bare]).at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('ignores choices other than the first', () => {
    const second: ChatCompletionChunk = { ...chunk({ content: 'other' }), choices: [{ index: 1, delta: { content: 'other' }, logprobs: null, finish_reason: null }] };
    expect(replay([chunk({ content: 'first' }), second, chunk({}, 'stop')]).map((line) => (line['message'] as { content: string }).content)).toEqual(['first', '']);
  });

  it('stamps lines with the chunk’s created time, and the request’s before any chunk', () => {
    const stream = ollamaChatFront.stream(request, context);
    expect(readLines(stream.push(chunk({ content: 'a' }, null, 1_760_000_005)))[0]).toMatchObject({ created_at: '2025-10-09T08:53:25Z' });
    expect(readLines(ollamaChatFront.stream(request, context).end())[0]).toMatchObject({ created_at: nowText });
  });
});
