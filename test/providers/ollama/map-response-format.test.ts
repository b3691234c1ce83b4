import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../../core/openai-types.js';
import { mapResponseFormat } from '../../../providers/ollama/map-response-format.js';

const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };

describe('mapResponseFormat', () => {
  it.each<[string, ChatCompletionRequest['response_format'], unknown]>([
    ['no response_format', undefined, undefined],
    ['text', { type: 'text' }, undefined],
    ['json_object', { type: 'json_object' }, 'json'],
    ['json_schema', { type: 'json_schema', json_schema: { name: 'person', schema } }, schema],
    ['json_schema without a schema', { type: 'json_schema', json_schema: { name: 'anything' } }, 'json'],
  ])('maps %s', (_name, format, expected) => {
    expect(mapResponseFormat(format)).toEqual(expected);
  });
});
