import { describe, expect, it } from 'vitest';
import { flattenContent } from '../../../providers/ollama/flatten-content.js';

describe('flattenContent', () => {
  it.each([
    ['null', null, { text: '', images: [] }],
    ['a string', 'hello', { text: 'hello', images: [] }],
    [
      'text parts',
      [
        { type: 'text' as const, text: 'one' },
        { type: 'text' as const, text: 'two' },
      ],
      { text: 'one\ntwo', images: [] },
    ],
    [
      'an image given as a bare string',
      [{ type: 'image_url' as const, image_url: 'data:image/gif;base64,R0lGOD' }],
      { text: '', images: ['R0lGOD'] },
    ],
  ])('flattens %s', (_name, content, expected) => {
    expect(flattenContent(content, 'messages[0].content')).toEqual(expected);
  });

  it('names the image part in errors', () => {
    const content = [
      { type: 'text' as const, text: 'look' },
      { type: 'image_url' as const, image_url: { url: 'http://example.com/a.png' } },
    ];
    expect(() => flattenContent(content, 'messages[3].content')).toThrow(
      expect.objectContaining({ param: 'messages[3].content[1].image_url' }),
    );
  });
});
