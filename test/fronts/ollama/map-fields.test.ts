import { describe, expect, it } from 'vitest';
import { mapDoneReason } from '../../../fronts/ollama/map-done-reason.js';
import { mapFormat } from '../../../fronts/ollama/map-format.js';
import { mapThink } from '../../../fronts/ollama/map-think.js';
import type { OllamaFormat, OllamaThink } from '../../../fronts/ollama/ollama-requests.js';

const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };

describe('mapFormat', () => {
  it.each<[OllamaFormat | undefined, unknown]>([
    ['json', { type: 'json_object' }],
    [schema, { type: 'json_schema', json_schema: { name: 'response', schema } }],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('maps %j to %j', (format, expected) => {
    expect(mapFormat(format)).toEqual(expected);
  });
});

describe('mapThink', () => {
  it.each<[OllamaThink | null | undefined, unknown]>([
    [true, { think: true, reasoning_effort: 'medium' }],
    [false, { think: false }],
    ['low', { think: 'low', reasoning_effort: 'low' }],
    ['medium', { think: 'medium', reasoning_effort: 'medium' }],
    ['high', { think: 'high', reasoning_effort: 'high' }],
    ['max', { think: 'high', reasoning_effort: 'high' }],
    [undefined, {}],
    [null, {}],
  ])('maps %j to %j', (think, expected) => {
    expect(mapThink(think)).toEqual(expected);
  });
});

describe('mapDoneReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'stop'],
    ['content_filter', 'stop'],
    [null, 'stop'],
    [undefined, 'stop'],
    ['something_new', 'stop'],
  ])('maps %j to %s', (finishReason, expected) => {
    expect(mapDoneReason(finishReason)).toBe(expected);
  });
});
