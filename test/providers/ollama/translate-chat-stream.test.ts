import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../../core/openai-types.js';
import { translateChatStream } from '../../../providers/ollama/translate-chat-stream.js';
import { context, cuttings, replayFixture } from './replay-fixture.js';

const plainBody = { model: 'chat', messages: [{ role: 'user', content: 'Hi' }], stream: true };
const usageBody = { ...plainBody, stream_options: { include_usage: true } };

async function replay(fixture: string, body: unknown = plainBody, cutting: (typeof cuttings)[number] = 'whole') {
  return replayFixture(fixture, translateChatStream(body, context), cutting);
}

function joinContent(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('translateChatStream', () => {
  describe.each(['chat-stream.ndjson', 'chat-stream-thinking.ndjson', 'chat-stream-tool-calls.ndjson', 'generate-stream.ndjson'])(
    'replaying %s',
    (fixture) => {
      it.each(cuttings)('produces the same chunks when the body arrives %s', async (cutting) => {
        const whole = await replay(fixture, usageBody, 'whole');
        const cut = await replay(fixture, usageBody, cutting);
        expect(cut.error).toBeUndefined();
        expect(cut.chunks).toEqual(whole.chunks);
      });
    },
  );

  it('streams text as content deltas, multibyte characters intact', async () => {
    const { chunks } = await replay('chat-stream.ndjson', plainBody, 'split inside a multibyte character');
    expect(joinContent(chunks)).toBe('Bonjour ! Le café est prêt ☕🌍.');
  });

  it('gives every chunk the same id and created, taken from the first line', async () => {
    const { chunks } = await replay('chat-stream.ndjson', usageBody);
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-test0001']));
    expect(new Set(chunks.map((chunk) => chunk.created))).toEqual(new Set([1749737007]));
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['chat']));
  });

  it('puts the role on the first chunk only', async () => {
    const { chunks } = await replay('chat-stream.ndjson');
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: 'Bonjour' });
    expect(chunks.slice(1).some((chunk) => chunk.choices[0]?.delta.role !== undefined)).toBe(false);
  });

  it('ends with an empty delta carrying finish_reason', async () => {
    const { chunks } = await replay('chat-stream.ndjson');
    expect(chunks.at(-1)?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
  });

  it('reports finish_reason length when num_predict cut the answer', async () => {
    const { chunks } = await replay('generate-stream-length.ndjson');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });

  it('streams thinking as reasoning_content before the content', async () => {
    const { chunks } = await replay('chat-stream-thinking.ndjson');
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    expect(reasoning).toBe('Okay, the user asks for 2+2. That is 4.');
    expect(joinContent(chunks)).toBe('2 + 2 = **4**');
  });

  it('streams /api/generate thinking and text with Go’s HTML escapes decoded', async () => {
    const { chunks } = await replay('generate-stream-thinking.ndjson');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('')).toBe('Simple arithmetic & done.');
    expect(joinContent(chunks)).toBe('4 (<b>four</b>)');
  });

  it('reports each tool call with its own index, Ollama’s id, its name and whole arguments', async () => {
    const { chunks } = await replay('chat-stream-tool-calls.ndjson');
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: 'call_x7k2m9qa', type: 'function', function: { name: 'get_current_weather', arguments: '{"location":"Toronto","format":"celsius"}' } },
      { index: 1, id: 'call_3rpz0v8d', type: 'function', function: { name: 'get_current_weather', arguments: '{"location":"Paris","format":"celsius"}' } },
    ]);
  });

  it('finishes with tool_calls when any chunk carried one, though Ollama says stop', async () => {
    const { chunks } = await replay('chat-stream-tool-calls.ndjson');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('gives tool calls from older Ollama versions generated ids and distinct indexes', async () => {
    const { chunks } = await replay('chat-stream-tool-calls-legacy.ndjson');
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls.map((call) => call.index)).toEqual([0, 1]);
    expect(calls.map((call) => call.function.name)).toEqual(['get_current_weather', 'get_time']);
    expect(calls.every((call) => /^call_[0-9a-f]{24}$/.test(call.id ?? ''))).toBe(true);
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it('adds a usage chunk with no choices after the finish chunk when include_usage is set', async () => {
    const { chunks } = await replay('chat-stream.ndjson', usageBody);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toEqual({
      id: 'chatcmpl-test0001',
      object: 'chat.completion.chunk',
      created: 1749737007,
      model: 'chat',
      choices: [],
      usage: { prompt_tokens: 31, completion_tokens: 10, total_tokens: 41 },
    });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('leaves usage out of every chunk when include_usage is not set', async () => {
    const { chunks } = await replay('chat-stream.ndjson');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });

  it('keeps the token counts once the last line reported them', async () => {
    const translator = translateChatStream(plainBody, context);
    expect(translator.usage).toBeUndefined();
    await replayFixture('generate-stream.ndjson', translator);
    expect(translator.usage).toEqual({ prompt_tokens: 30, completion_tokens: 10, total_tokens: 40 });
  });

  it('throws an upstream error with Ollama’s message on an error line, after the chunks before it', async () => {
    const { chunks, error } = await replay('generate-stream-error.ndjson');
    expect(joinContent(chunks)).toBe('The answer is');
    expect(error).toMatchObject({ status: 502, code: 'bad_gateway', message: expect.stringContaining('unexpected EOF') });
  });

  it('throws when the body ends before the done line', async () => {
    const { chunks, error } = await replay('generate-stream-truncated.ndjson');
    expect(joinContent(chunks)).toBe('Partial answer that never');
    expect(error).toMatchObject({ status: 502, upstreamReason: 'disconnected', message: expect.stringContaining('ended before it was complete') });
  });

  it('ignores lines after the done line', () => {
    const translator = translateChatStream(plainBody, context);
    translator.push({ model: 'm', created_at: '2025-01-01T00:00:00Z', response: '', done: true, done_reason: 'stop' });
    expect(translator.push({ model: 'm', created_at: '2025-01-01T00:00:01Z', response: 'late', done: false })).toEqual([]);
    expect(translator.end()).toEqual([]);
  });

  describe('with logprobs', () => {
    // Lines shaped as Ollama's api.ChatResponse with `logprobs: true, top_logprobs: 1` (api/types.go, 0.12.11 and later).
    const lines = [
      { model: 'm', created_at: '2025-06-12T14:03:27Z', message: { role: 'assistant', content: 'Hi' }, done: false, logprobs: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105] }] }] },
      { model: 'm', created_at: '2025-06-12T14:03:27Z', message: { role: 'assistant', content: '!' }, done: false, logprobs: [{ token: '!', logprob: -0.1, bytes: [33], top_logprobs: [{ token: '!', logprob: -0.1, bytes: [33] }] }] },
      { model: 'm', created_at: '2025-06-12T14:03:27Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', eval_count: 2 },
    ];
    const logprobsBody = { ...plainBody, logprobs: true, top_logprobs: 1 };

    function translateLines(): ChatCompletionChunk[] {
      const translator = translateChatStream(logprobsBody, context);
      return [...lines.flatMap((line) => translator.push(line)), ...translator.end()];
    }

    it('carries each line’s tokens on its chunk', () => {
      const chunks = translateLines();
      expect(chunks.map((chunk) => chunk.choices[0]?.logprobs?.content?.map((entry) => entry.token))).toEqual([['Hi'], ['!'], undefined]);
      expect(chunks[0]?.choices[0]?.logprobs).toEqual({
        content: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105] }] }],
      });
    });

    it('ends with a finish chunk whose logprobs are null', () => {
      expect(translateLines().at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    });

    it('sends a chunk for a line that carries only logprobs', () => {
      const translator = translateChatStream(logprobsBody, context);
      translator.push(lines[0]);
      const chunks = translator.push({ model: 'm', created_at: '2025-06-12T14:03:27Z', message: { role: 'assistant', content: '' }, done: false, logprobs: [{ token: '<|im_start|>', logprob: -3 }] });
      expect(chunks).toHaveLength(1);
      expect(chunks[0]?.choices[0]?.logprobs?.content?.[0]?.token).toBe('<|im_start|>');
    });
  });

  describe('the tool_choice miss', () => {
    const weatherTool = { type: 'function', function: { name: 'get_current_weather' } };
    const requiredBody = { ...plainBody, tools: [weatherTool], tool_choice: 'required' };

    it.each([
      ['an answer in text when a call was required', 'chat-stream.ndjson', requiredBody, true],
      ['a call when a call was required', 'chat-stream-tool-calls.ndjson', requiredBody, false],
      ['an answer in text when the model could choose', 'chat-stream.ndjson', { ...plainBody, tools: [weatherTool] }, false],
    ])('is %s for %s', async (_name, fixture, body, missed) => {
      const translator = translateChatStream(body, context);
      await replayFixture(fixture, translator);
      expect(translator.notes).toEqual({ toolChoiceMissed: missed });
    });

    it('leaves an answer in text as the model gave it', async () => {
      const missed = await replay('chat-stream.ndjson', requiredBody);
      const free = await replay('chat-stream.ndjson');
      expect(missed.chunks).toEqual(free.chunks);
    });

    it('is not reported before the stream has finished', () => {
      const translator = translateChatStream(requiredBody, context);
      translator.push({ model: 'm', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: 'Sunny' }, done: false });
      expect(translator.notes.toolChoiceMissed).toBe(false);
    });
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['a line without done', { model: 'm', response: 'x' }],
    ['a line with content of the wrong type', { message: { content: 7 }, done: false }],
  ])('rejects %s as a bad upstream response', (_name, frame) => {
    const translator = translateChatStream(plainBody, context);
    expect(() => translator.push(frame)).toThrow(expect.objectContaining({ status: 502, upstreamReason: 'bad_response' }));
  });
});
