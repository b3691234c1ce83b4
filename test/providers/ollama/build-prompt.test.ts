import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../core/openai-types.js';
import { buildPrompt, needsChatEndpoint } from '../../../providers/ollama/build-prompt.js';

const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('buildPrompt', () => {
  it('sends a lone user message as the prompt as it is', () => {
    expect(buildPrompt([{ role: 'user', content: 'Why is the sky blue?\n' }])).toEqual({
      prompt: 'Why is the sky blue?\n',
      system: undefined,
      images: [],
    });
  });

  it('moves system and developer messages to system, joined by a blank line', () => {
    const prompt = buildPrompt([
      { role: 'system', content: 'You are terse.' },
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(prompt.system).toBe('You are terse.\n\nAnswer in French.');
    expect(prompt.prompt).toBe('Hello');
  });

  it('writes a conversation as a labelled transcript ending with the assistant cue', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris.' },
      { role: 'user', content: 'And of Italy?' },
    ];
    expect(buildPrompt(messages)).toEqual({
      prompt: 'User: What is the capital of France?\n\nAssistant: Paris.\n\nUser: And of Italy?\n\nAssistant:',
      system: 'You are a helpful assistant.',
      images: [],
    });
  });

  it('leaves a final assistant message open for the model to continue', () => {
    const prompt = buildPrompt([
      { role: 'user', content: 'Write a haiku.' },
      { role: 'assistant', content: 'Autumn moonlight' },
    ]);
    expect(prompt.prompt).toBe('User: Write a haiku.\n\nAssistant: Autumn moonlight');
  });

  it('joins text parts and collects images without their data-URL prefix', () => {
    const prompt = buildPrompt([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
          { type: 'text', text: 'Answer briefly.' },
        ],
      },
    ]);
    expect(prompt).toEqual({ prompt: 'What is in this picture?\nAnswer briefly.', system: undefined, images: [pixel] });
  });

  it('refuses an http image URL naming the field', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] },
    ];
    expect(() => buildPrompt(messages)).toThrow(expect.objectContaining({ status: 400, param: 'messages[0].content[0].image_url' }));
  });
});

describe('needsChatEndpoint', () => {
  it.each<[string, ChatMessage[], boolean, boolean]>([
    ['a plain conversation', [{ role: 'user', content: 'Hi' }], false, false],
    ['a request with tools', [{ role: 'user', content: 'Hi' }], true, true],
    [
      'a tool result in the history',
      [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', content: '12°C', tool_call_id: 'call_1' },
      ],
      false,
      true,
    ],
    ['only a system message', [{ role: 'system', content: 'Say hello.' }], false, true],
  ])('answers for %s', (_name, messages, hasTools, expected) => {
    expect(needsChatEndpoint(messages, hasTools)).toBe(expected);
  });
});
