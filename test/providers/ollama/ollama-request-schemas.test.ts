/**
 * What an Ollama connection refuses, checked once at the edge against the translation's
 * schema (the adapter's functions take what passed), each mistake named by its field.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ollamaChatRequestSchema, ollamaCompletionRequestSchema, ollamaEmbeddingsRequestSchema } from '../../../providers/ollama/ollama-request-schemas.js';
import { validateRequest } from '../../../src/edge/validate-request.js';

const chat = { model: 'chat', messages: [{ role: 'user', content: 'Hi' }] };

describe.each<[string, z.ZodType, Record<string, unknown>, string]>([
  ['a message role that does not exist', ollamaChatRequestSchema, { ...chat, messages: [{ role: 'wizard', content: 'Hi' }] }, 'messages[0].role'],
  ['a think value Ollama does not take', ollamaChatRequestSchema, { ...chat, think: 'extreme' }, 'think'],
  ['an unknown reasoning_effort', ollamaChatRequestSchema, { ...chat, reasoning_effort: 'maximal' }, 'reasoning_effort'],
  ['options that are not an object', ollamaChatRequestSchema, { ...chat, options: [1] }, 'options'],
  ['a tool_choice mode that does not exist', ollamaChatRequestSchema, { ...chat, tool_choice: 'any' }, 'tool_choice'],
  ['a named tool_choice without a name', ollamaChatRequestSchema, { ...chat, tool_choice: { type: 'function', function: {} } }, 'tool_choice.function.name'],
  ['more than 20 top_logprobs', ollamaChatRequestSchema, { ...chat, logprobs: true, top_logprobs: 21 }, 'top_logprobs'],
  ['a logprobs flag that is not a boolean', ollamaChatRequestSchema, { ...chat, logprobs: 5 }, 'logprobs'],
  ['a raw flag that is not a boolean', ollamaCompletionRequestSchema, { model: 'code', prompt: 'x', raw: 'yes' }, 'raw'],
  ['a list of several prompts', ollamaCompletionRequestSchema, { model: 'code', prompt: ['a', 'b'] }, 'prompt'],
  ['an empty input list', ollamaEmbeddingsRequestSchema, { model: 'embed', input: [] }, 'input'],
  ['a truncate flag that is not a boolean', ollamaEmbeddingsRequestSchema, { model: 'embed', input: 'x', truncate: 'no' }, 'truncate'],
])('%s', (_name, schema, body, param) => {
  it(`is refused with a 400 naming '${param}'`, () => {
    expect(() => validateRequest(schema, body)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});

describe('the Ollama knobs', () => {
  it('are kept, typed, beside the OpenAI fields', () => {
    const request = validateRequest(ollamaChatRequestSchema, { ...chat, options: { num_ctx: 8192 }, keep_alive: '30m', think: 'high' });
    expect(request).toMatchObject({ options: { num_ctx: 8192 }, keep_alive: '30m', think: 'high' });
  });

  it.each([true, false, 'low', 'medium', 'high', 'max'])('take think %s', (think) => {
    expect(validateRequest(ollamaChatRequestSchema, { ...chat, think })).toMatchObject({ think });
    expect(validateRequest(ollamaCompletionRequestSchema, { model: 'code', prompt: 'x', think })).toMatchObject({ think });
  });

  it.each([
    'none',
    'auto',
    'required',
    { type: 'function', function: { name: 'get_time' } },
    { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_time' } }] } },
    null,
  ])('take tool_choice %j', (toolChoice) => {
    expect(validateRequest(ollamaChatRequestSchema, { ...chat, tool_choice: toolChoice })).toMatchObject({ tool_choice: toolChoice });
  });
});
