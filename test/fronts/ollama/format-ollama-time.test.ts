import { describe, expect, it } from 'vitest';
import { formatOllamaTime, goZeroTime } from '../../../fronts/ollama/format-ollama-time.js';

describe('formatOllamaTime', () => {
  it.each([
    [1_760_000_000, '2025-10-09T08:53:20Z'],
    [1_760_000_000.5, '2025-10-09T08:53:20.5Z'],
    [1_760_000_000.25, '2025-10-09T08:53:20.25Z'],
    [1, '1970-01-01T00:00:01Z'],
  ])('writes %s as %s, trailing zeros trimmed as Go does', (seconds, expected) => {
    expect(formatOllamaTime(seconds)).toBe(expected);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e20])('writes Go’s zero time for %s', (seconds) => {
    expect(formatOllamaTime(seconds)).toBe(goZeroTime);
  });

  it('never rounds a fraction up into the next second', () => {
    expect(formatOllamaTime(1.9999999999)).toBe('1970-01-01T00:00:01.999999999Z');
  });
});
