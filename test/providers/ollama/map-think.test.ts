import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../../core/openai-types.js';
import { mapThink } from '../../../providers/ollama/map-think.js';
import type { Think } from '../../../providers/ollama/ollama-request-schemas.js';

type ReasoningEffort = NonNullable<ChatCompletionRequest['reasoning_effort']>;

describe('mapThink', () => {
  it.each([
    [undefined, undefined, undefined],
    [true, undefined, true],
    [false, 'high', false],
    ['medium', undefined, 'medium'],
    [undefined, null, undefined],
    [undefined, 'none', false],
    [undefined, 'minimal', 'low'],
    [undefined, 'low', 'low'],
    [undefined, 'medium', 'medium'],
    [undefined, 'high', 'high'],
    [undefined, 'xhigh', 'max'],
    ['max', 'low', 'max'],
  ])('maps think %s and reasoning_effort %s to %s', (think, effort, expected) => {
    expect(mapThink(think as Think | undefined, effort as ReasoningEffort | null | undefined)).toBe(expected);
  });
});
