/**
 * formatClientErrorResponse: Node's client errors (header overflow, malformed requests)
 * answered as OpenAI-shaped raw HTTP responses.
 */
import { describe, expect, it } from 'vitest';
import { formatClientErrorResponse } from '../../../src/edge/answer-client-error.js';

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) as unknown };
}

describe('formatClientErrorResponse', () => {
  it('answers headers over maxHeaderSize with an OpenAI-shaped 431', () => {
    const answer = parse(formatClientErrorResponse('HPE_HEADER_OVERFLOW'));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toEqual({ error: { message: expect.stringContaining('headers') as unknown, type: 'invalid_request_error', param: null, code: 'request_header_fields_too_large' } });
  });

  it('answers a malformed request with an OpenAI-shaped 400 and closes the connection', () => {
    const answer = parse(formatClientErrorResponse('HPE_INVALID_HEADER_TOKEN'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.head).toContain('Connection: close');
    expect(answer.body).toMatchObject({ error: { code: 'malformed_request' } });
  });

  it('gives a Content-Length that matches the body', () => {
    const raw = formatClientErrorResponse('ERR_HTTP_REQUEST_TIMEOUT');
    const length = Number(/Content-Length: (\d+)/.exec(raw)?.[1]);
    expect(Buffer.byteLength(raw.split('\r\n\r\n')[1] ?? '')).toBe(length);
  });
});
