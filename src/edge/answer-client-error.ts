/**
 * Answers what node:http refuses before Express sees a request (headers over
 * `maxHeaderSize`, a malformed request line or header) with an OpenAI-shaped error instead
 * of Node's bare status line. Wired as `server.on('clientError', answerClientError)`.
 */
import type { Duplex } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.js';

interface RefusalKind {
  status: number;
  reason: string;
  code: string;
  message: string;
}

/** Node's own mapping (lib/_http_server.js), with messages a client can act on. */
function refusalFor(code: string | undefined): RefusalKind {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', code: 'request_header_fields_too_large', message: 'The request headers are larger than the gateway accepts.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'Payload Too Large', code: 'request_too_large', message: 'The chunk extensions of the request body are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'The request headers did not arrive in time.' };
    default:
      return { status: 400, reason: 'Bad Request', code: 'malformed_request', message: 'The HTTP request is malformed (request line or header syntax).' };
  }
}

/** The raw HTTP/1.1 response for a refused request; the connection is closed after it. */
export function formatClientErrorResponse(code: string | undefined): string {
  const refusal = refusalFor(code);
  const error = new GatewayError({ status: refusal.status, type: 'invalid_request_error', code: refusal.code, message: refusal.message });
  const body = JSON.stringify(error.toJSON());
  return [
    `HTTP/1.1 ${refusal.status} ${refusal.reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset or a socket already half gone has no one left to answer (Node does the same).
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(formatClientErrorResponse(error.code));
}
