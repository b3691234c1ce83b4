import { describe, expect, it } from 'vitest';
import { mapToolChoice } from '../../../fronts/anthropic/map-tool-choice.js';
import type { ToolChoiceParam } from '../../../fronts/anthropic/messages-request-schema.js';

describe('mapToolChoice', () => {
  it.each<[string, ToolChoiceParam, ReturnType<typeof mapToolChoice>]>([
    ['auto', { type: 'auto' }, { tool_choice: 'auto' }],
    ['any', { type: 'any' }, { tool_choice: 'required' }],
    ['tool', { type: 'tool', name: 'get_weather' }, { tool_choice: { type: 'function', function: { name: 'get_weather' } } }],
    ['none', { type: 'none' }, { tool_choice: 'none' }],
    ['auto without parallel calls', { type: 'auto', disable_parallel_tool_use: true }, { tool_choice: 'auto', parallel_tool_calls: false }],
    ['any without parallel calls', { type: 'any', disable_parallel_tool_use: true }, { tool_choice: 'required', parallel_tool_calls: false }],
    ['auto with parallel calls allowed', { type: 'auto', disable_parallel_tool_use: false }, { tool_choice: 'auto' }],
  ])('maps %s', (_name, choice, expected) => {
    expect(mapToolChoice(choice)).toEqual(expected);
  });
});
