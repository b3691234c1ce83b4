import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatPath, parseRequest } from '../../../providers/ollama/parse-request.js';

describe('parseRequest', () => {
  const schema = z.object({ messages: z.array(z.object({ content: z.string() })) });

  it('returns the parsed body', () => {
    expect(parseRequest(schema, { messages: [{ content: 'hi' }] })).toEqual({ messages: [{ content: 'hi' }] });
  });

  it('throws a 400 naming the first wrong field', () => {
    expect(() => parseRequest(schema, { messages: [{ content: 1 }] })).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_value', param: 'messages[0].content' }),
    );
  });

  it('throws a 400 without a field when the body itself is wrong', () => {
    expect(() => parseRequest(schema, 'text')).toThrow(expect.objectContaining({ status: 400, param: null }));
  });
});

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['model'], 'model'],
    [['messages', 2, 'content', 0, 'image_url'], 'messages[2].content[0].image_url'],
  ])('writes %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
