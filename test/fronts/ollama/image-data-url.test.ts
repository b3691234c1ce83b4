import { describe, expect, it } from 'vitest';
import { detectImageType, toImageDataUrl } from '../../../fronts/ollama/image-data-url.js';

function base64Of(bytes: number[]): string {
  return Buffer.from([...bytes, 0, 1, 2, 3, 4, 5, 6, 7]).toString('base64');
}

describe('detectImageType', () => {
  it.each([
    ['image/png', base64Of([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/jpeg', base64Of([0xff, 0xd8, 0xff, 0xe0])],
    ['image/gif', base64Of([...Buffer.from('GIF89a')])],
    ['image/webp', base64Of([...Buffer.from('RIFF'), 0x24, 0x00, 0x00, 0x00, ...Buffer.from('WEBPVP8 ')])],
    ['image/png', base64Of([...Buffer.from('RIFF'), 0x24, 0x00, 0x00, 0x00, ...Buffer.from('WAVEfmt ')])],
    ['image/png', base64Of([0x42, 0x4d, 0x00])],
    ['image/png', ''],
  ])('reads %s from %s', (expected, base64) => {
    expect(detectImageType(base64)).toBe(expected);
  });

  it('reads the type across a line break Go’s base64 decoder would skip', () => {
    const jpeg = base64Of([0xff, 0xd8, 0xff, 0xe0]);
    expect(detectImageType(`${jpeg.slice(0, 2)}\r\n${jpeg.slice(2)}`)).toBe('image/jpeg');
  });
});

describe('toImageDataUrl', () => {
  it('prefixes bare base64 with a data URL naming the sniffed type', () => {
    const jpeg = base64Of([0xff, 0xd8, 0xff, 0xe0]);
    expect(toImageDataUrl(jpeg)).toBe(`data:image/jpeg;base64,${jpeg}`);
  });

  it('keeps a data URL the client already sent', () => {
    expect(toImageDataUrl('data:image/webp;base64,UklGRg==')).toBe('data:image/webp;base64,UklGRg==');
  });

  it('drops line breaks from the base64 it wraps', () => {
    expect(toImageDataUrl('iVBO\nRw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });
});
