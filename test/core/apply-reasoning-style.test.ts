import { describe, expect, it } from 'vitest';
import { applyReasoningStyle, createReasoningStyler, type ReasoningStyle } from '../../core/apply-reasoning-style.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';

type Message = ChatCompletion['choices'][number]['message'];
type Delta = ChatCompletionChunk['choices'][number]['delta'];

function completion(message: Message): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'chat',
    choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function chunk(delta: Delta, finishReason: 'stop' | 'tool_calls' | null = null, index = 0): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'chat', choices: [{ index, delta, logprobs: null, finish_reason: finishReason }] };
}

describe('applyReasoningStyle', () => {
  it.each<[ReasoningStyle, Message, Message]>([
    ['reasoning_content', { role: 'assistant', content: '4', reasoning_content: '2+2' }, { role: 'assistant', content: '4', reasoning_content: '2+2' }],
    ['reasoning_content', { role: 'assistant', content: '4', reasoning: '2+2' }, { role: 'assistant', content: '4', reasoning_content: '2+2' }],
    ['reasoning', { role: 'assistant', content: '4', reasoning_content: '2+2' }, { role: 'assistant', content: '4', reasoning: '2+2' }],
    ['think_tags', { role: 'assistant', content: '4', reasoning_content: '2+2' }, { role: 'assistant', content: '<think>2+2</think>4' }],
    ['think_tags', { role: 'assistant', content: null, reasoning_content: 'call it' }, { role: 'assistant', content: '<think>call it</think>' }],
    ['think_tags', { role: 'assistant', content: 'plain' }, { role: 'assistant', content: 'plain' }],
    ['reasoning', { role: 'assistant', content: 'plain' }, { role: 'assistant', content: 'plain' }],
  ])('with style %s maps %j to %j', (style, message, expected) => {
    expect(applyReasoningStyle(completion(message), style).choices[0]?.message).toEqual(expected);
  });

  it('keeps every other field of the response', () => {
    const response = completion({ role: 'assistant', content: '4', reasoning_content: '2+2' });
    const styled = applyReasoningStyle(response, 'think_tags');
    expect({ ...styled, choices: [] }).toEqual({ ...response, choices: [] });
    expect(styled.choices[0]).toMatchObject({ index: 0, logprobs: null, finish_reason: 'stop' });
  });

  it('does not change the response it was given', () => {
    const response = completion({ role: 'assistant', content: '4', reasoning_content: '2+2' });
    applyReasoningStyle(response, 'think_tags');
    expect(response.choices[0]?.message).toEqual({ role: 'assistant', content: '4', reasoning_content: '2+2' });
  });
});

describe('createReasoningStyler', () => {
  const thinkingStream = [
    chunk({ role: 'assistant', content: '' }),
    chunk({ reasoning_content: 'Two' }),
    chunk({ reasoning_content: ' plus two.' }),
    chunk({ content: 'Four' }),
    chunk({ content: '.' }),
    chunk({}, 'stop'),
  ];

  function styleAll(style: ReasoningStyle, chunks: ChatCompletionChunk[]): Delta[] {
    const styler = createReasoningStyler<ChatCompletionChunk>(style);
    return chunks.map((each) => styler(each).choices[0]?.delta ?? {});
  }

  it('moves thinking to reasoning for style reasoning', () => {
    expect(styleAll('reasoning', thinkingStream)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning: 'Two' },
      { reasoning: ' plus two.' },
      { content: 'Four' },
      { content: '.' },
      {},
    ]);
  });

  it('leaves reasoning_content as it is for the default style', () => {
    expect(styleAll('reasoning_content', thinkingStream)).toEqual(thinkingStream.map((each) => each.choices[0]?.delta));
  });

  it('opens a think tag with the first thinking and closes it before the first text', () => {
    expect(styleAll('think_tags', thinkingStream)).toEqual([
      { role: 'assistant', content: '' },
      { content: '<think>Two' },
      { content: ' plus two.' },
      { content: '</think>Four' },
      { content: '.' },
      {},
    ]);
  });

  it.each([
    ['a tool call', chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }), '</think>'],
    ['the finish reason', chunk({}, 'stop'), '</think>'],
  ])('closes the think tag before %s', (_name, closing, content) => {
    const deltas = styleAll('think_tags', [chunk({ reasoning_content: 'hmm' }), closing]);
    expect(deltas[1]?.content).toBe(content);
  });

  it('keeps the thinking and the text of one delta in order', () => {
    expect(styleAll('think_tags', [chunk({ reasoning_content: 'a', content: 'b' })])).toEqual([{ content: '<think>a</think>b' }]);
  });

  it('keeps a think tag per choice', () => {
    const styler = createReasoningStyler<ChatCompletionChunk>('think_tags');
    const contents = [chunk({ reasoning_content: 'x' }, null, 0), chunk({ reasoning_content: 'y' }, null, 1), chunk({ content: 'X' }, null, 0), chunk({ reasoning_content: 'z' }, null, 1)].map(
      (each) => styler(each).choices[0]?.delta.content,
    );
    expect(contents).toEqual(['<think>x', '<think>y', '</think>X', 'z']);
  });
});
