/**
 * Go's wire habits the stand-in Ollama copies: decoder and unmarshal error texts, HTML-safe
 * JSON escaping and RFC 3339 times with nanoseconds.
 */
import { describe, expect, it } from 'vitest';
import { describeGoDecodeError } from '../support/stand-ins/go-decode-error.js';
import { describeGoUnmarshalError, GO_STRING } from '../support/stand-ins/go-unmarshal-error.js';
import { encodeGoJson, formatGoTime } from '../support/stand-ins/go-wire.js';

describe('describeGoDecodeError', () => {
  it.each([
    ['', 'missing request body'],
    ['  \n', 'missing request body'],
    ['{', 'unexpected EOF'],
    ['{"a":', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ["{'a': 1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a": -x}', "invalid character 'x' in numeric literal"],
    ['{"a": "\\q"}', "invalid character 'q' in string escape code"],
  ])('describes %j as %j', (body, message) => {
    expect(describeGoDecodeError(body)).toBe(message);
  });

  it('accepts a valid value followed by anything, as json.Decoder does', () => {
    expect(describeGoDecodeError('{"model": "x"} trailing')).toBeUndefined();
  });
});

describe('describeGoUnmarshalError', () => {
  it('names the struct field and Go type', () => {
    expect(describeGoUnmarshalError({ model: [1] }, 'ChatRequest', { model: GO_STRING })).toBe(
      'json: cannot unmarshal array into Go struct field ChatRequest.model of type string',
    );
  });

  it('names the Go value type for a body that is not an object', () => {
    expect(describeGoUnmarshalError([], 'ChatRequest', {})).toBe('json: cannot unmarshal array into Go value of type api.ChatRequest');
  });
});

describe('Go encoding', () => {
  it('escapes HTML characters like encoding/json', () => {
    expect(encodeGoJson({ text: '<a&b>' })).toBe('{"text":"\\u003ca\\u0026b\\u003e"}');
  });

  it('formats times as RFC 3339 with trailing zeros of the nanoseconds trimmed', () => {
    expect(formatGoTime(1_700_000_000_123_450_000n)).toBe('2023-11-14T22:13:20.12345Z');
    expect(formatGoTime(1_700_000_000_000_000_000n)).toBe('2023-11-14T22:13:20Z');
  });
});
