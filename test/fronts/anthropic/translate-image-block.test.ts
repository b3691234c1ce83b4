import { describe, expect, it } from 'vitest';
import { translateImageBlock } from '../../../fronts/anthropic/translate-image-block.js';

describe('translateImageBlock', () => {
  it('turns a base64 image into a data URL of its media type', () => {
    const part = translateImageBlock({ type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' } });
    expect(part).toEqual({ type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } });
  });

  it('keeps the URL of a URL image', () => {
    const part = translateImageBlock({ type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } });
    expect(part).toEqual({ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } });
  });
});
