/**
 * Ollama's logprobs entries have the shape of `api.Logprob` in Ollama's api/types.go
 * (0.12.11 and later): `token`, `logprob`, `bytes` (left out when empty) and
 * `top_logprobs` (left out unless asked for).
 */
import { describe, expect, it } from 'vitest';
import { mapLogprobs, mapLogprobsRequest } from '../../../providers/ollama/map-logprobs.js';

describe('mapLogprobs', () => {
  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', []],
  ])('gives null when the line’s logprobs are %s', (_name, logprobs) => {
    expect(mapLogprobs(logprobs)).toBeNull();
  });

  it('maps each token with its bytes and alternatives', () => {
    const logprobs = [
      {
        token: 'Hi',
        logprob: -0.25,
        bytes: [72, 105],
        top_logprobs: [
          { token: 'Hi', logprob: -0.25, bytes: [72, 105] },
          { token: 'Hello', logprob: -1.5, bytes: [72, 101, 108, 108, 111] },
        ],
      },
    ];
    expect(mapLogprobs(logprobs)).toEqual({
      content: [
        {
          token: 'Hi',
          logprob: -0.25,
          bytes: [72, 105],
          top_logprobs: [
            { token: 'Hi', logprob: -0.25, bytes: [72, 105] },
            { token: 'Hello', logprob: -1.5, bytes: [72, 101, 108, 108, 111] },
          ],
        },
      ],
    });
  });

  it('keeps Ollama’s raw bytes for a token that holds part of a character', () => {
    // The first two of the three bytes of "☕" (e2 98 95): the text shows a replacement character.
    const [entry] = mapLogprobs([{ token: '\uFFFD', logprob: -0.1, bytes: [0xe2, 0x98] }])?.content ?? [];
    expect(entry?.bytes).toEqual([0xe2, 0x98]);
  });

  it.each([
    ['an empty token', '', []],
    ['a multibyte token', 'é', [0xc3, 0xa9]],
  ])('gives %s without bytes its UTF-8 bytes', (_name, token, bytes) => {
    const [entry] = mapLogprobs([{ token, logprob: -1 }])?.content ?? [];
    expect(entry).toEqual({ token, logprob: -1, bytes, top_logprobs: [] });
  });
});

describe('mapLogprobsRequest', () => {
  it.each([
    [undefined, undefined, {}],
    [false, 5, {}],
    [null, 5, {}],
    [true, undefined, { logprobs: true }],
    [true, null, { logprobs: true }],
    [true, 0, { logprobs: true, top_logprobs: 0 }],
    [true, 20, { logprobs: true, top_logprobs: 20 }],
  ])('maps logprobs %s and top_logprobs %s to %j', (logprobs, topLogprobs, expected) => {
    expect(mapLogprobsRequest(logprobs, topLogprobs)).toEqual(expected);
  });
});
