import { describe, expect, it } from 'vitest';
import { chatCompletionRequestSchema } from '../../../core/openai-types.js';
import { ollamaGenerateFront } from '../../../fronts/ollama/ollama-generate-front.js';
import type { OllamaGenerateRequest } from '../../../fronts/ollama/ollama-requests.js';
import { chunk, completion, context, nowText, readLines, usageChunk } from './front-support.js';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64');

function parse(body: Record<string, unknown>): OllamaGenerateRequest {
  return ollamaGenerateFront.schema.parse({ model: 'llama3.2', ...body });
}

describe('ollamaGenerateFront.toChat', () => {
  it.each<[string, Record<string, unknown>, unknown[]]>([
    ['a prompt as the user message', { prompt: 'Why is the sky blue?' }, [{ role: 'user', content: 'Why is the sky blue?' }]],
    [
      'system before the prompt',
      { prompt: 'hi', system: 'Answer in French.' },
      [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'hi' },
      ],
    ],
    [
      'images as parts of the user message',
      { prompt: 'What is this?', images: [jpeg] },
      [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } }] }],
    ],
    ['an empty system as none', { prompt: 'hi', system: '' }, [{ role: 'user', content: 'hi' }]],
  ])('sends %s', (_name, body, messages) => {
    expect(ollamaGenerateFront.toChat(parse(body), context).messages).toEqual(messages);
  });

  it('translates format, options, think and keep_alive as chat does', () => {
    const chat = ollamaGenerateFront.toChat(
      parse({ prompt: 'hi', format: 'json', options: { num_predict: 10, seed: 1 }, think: true, keep_alive: '1h' }),
      context,
    );
    expect(chat).toMatchObject({ response_format: { type: 'json_object' }, max_tokens: 10, seed: 1, think: true, reasoning_effort: 'medium', keep_alive: '1h' });
  });

  it('streams by default and asks for usage', () => {
    expect(ollamaGenerateFront.toChat(parse({ prompt: 'hi' }), context)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it.each([
    ['suffix', { suffix: '    return result' }],
    ['template', { template: '{{ .Prompt }}' }],
    ['raw', { raw: true }],
    ['context', { context: [1, 2, 3] }],
  ])('ignores %s', (_name, fields) => {
    expect(ollamaGenerateFront.toChat(parse({ prompt: 'def f():', ...fields }), context)).toEqual(ollamaGenerateFront.toChat(parse({ prompt: 'def f():' }), context));
  });

  it('gives an empty prompt, Ollama’s load request, a valid one-token chat request', () => {
    const request = parse({});
    expect(ollamaGenerateFront.isLoadOnly(request)).toBe(true);
    expect(ollamaGenerateFront.isStream(request)).toBe(false);
    expect(chatCompletionRequestSchema.safeParse(ollamaGenerateFront.toChat(request, context)).error).toBeUndefined();
  });

  it('produces what the chat-completions schema accepts', () => {
    const chat = ollamaGenerateFront.toChat(parse({ prompt: 'hi', system: 's', images: [jpeg], format: { type: 'object' }, options: { stop: ['x'] } }), context);
    expect(chatCompletionRequestSchema.safeParse(chat).error).toBeUndefined();
  });
});

describe('ollamaGenerateFront.fromChat', () => {
  const request = parse({ prompt: 'hi', stream: false });

  it('answers with response, done_reason and counts, and no context', () => {
    expect(ollamaGenerateFront.fromChat(completion({ content: 'Hello!' }), request, context)).toEqual({
      model: context.publicModel,
      created_at: nowText,
      response: 'Hello!',
      done: true,
      done_reason: 'stop',
      total_duration: 0,
      load_duration: 0,
      prompt_eval_count: 12,
      prompt_eval_duration: 0,
      eval_count: 5,
      eval_duration: 0,
    });
  });

  it('writes thinking beside the response', () => {
    expect(ollamaGenerateFront.fromChat(completion({ content: '4', reasoning_content: '2+2' }), request, context)).toMatchObject({ response: '4', thinking: '2+2' });
  });
});

describe('ollamaGenerateFront.stream', () => {
  it('sends response pieces, thinking, then a done line with an empty response', () => {
    const stream = ollamaGenerateFront.stream(parse({ prompt: 'hi' }), context);
    const lines = readLines([
      ...stream.push(chunk({ role: 'assistant', content: '' })),
      ...stream.push(chunk({ reasoning_content: 'Greeting.' })),
      ...stream.push(chunk({ content: 'Hi' })),
      ...stream.push(chunk({ content: '!' }, 'length')),
      ...stream.push(usageChunk({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 })),
      ...stream.end(),
    ]);
    const base = { model: context.publicModel, created_at: nowText };
    expect(lines).toEqual([
      { ...base, response: '', thinking: 'Greeting.', done: false },
      { ...base, response: 'Hi', done: false },
      { ...base, response: '!', done: false },
      {
        ...base,
        response: '',
        done: true,
        done_reason: 'length',
        total_duration: 0,
        load_duration: 0,
        prompt_eval_count: 4,
        prompt_eval_duration: 0,
        eval_count: 2,
        eval_duration: 0,
      },
    ]);
  });
});
