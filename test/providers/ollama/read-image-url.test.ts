import { describe, expect, it } from 'vitest';
import { readImageUrl } from '../../../providers/ollama/read-image-url.js';

describe('readImageUrl', () => {
  it.each([
    ['data:image/png;base64,iVBORw0KGgo=', 'iVBORw0KGgo='],
    ['data:image/jpeg;base64,/9j/4AAQSkZJRg==', '/9j/4AAQSkZJRg=='],
    ['data:;base64,R0lGODlh', 'R0lGODlh'],
    ['DATA:IMAGE/WEBP;BASE64,UklGRg==', 'UklGRg=='],
    ['data:image/png;base64,iVBO\nRw0K', 'iVBORw0K'],
  ])('takes the base64 payload of %s', (url, expected) => {
    expect(readImageUrl(url, 'field')).toBe(expected);
  });

  it.each([
    ['an https URL', 'https://example.com/cat.png', /cannot be fetched/],
    ['an http URL', 'http://127.0.0.1/cat.png', /cannot be fetched/],
    ['a data URL that is not base64', 'data:image/svg+xml,<svg/>', /base64 data URL/],
    ['bare text', 'cat.png', /base64 data URL/],
    ['a payload that is not base64', 'data:image/png;base64,not base64!', /valid base64/],
    ['an empty payload', 'data:image/png;base64,', /valid base64/],
  ])('refuses %s with a 400 naming the field', (_name, url, message) => {
    expect(() => readImageUrl(url, 'messages[1].content[0].image_url')).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].content[0].image_url', message: expect.stringMatching(message) }),
    );
  });
});
