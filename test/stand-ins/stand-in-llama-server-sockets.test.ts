/**
 * The stand-in llama-server's socket handling, read byte by byte over raw TCP: the exact
 * heads, the FIN about 1 ms after every stream although the head promised keep-alive,
 * keep-alive after a whole answer, and `Connection: close` on an error whose socket
 * still stays open until the idle timeout.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../support/close-after.js';
import { formatRequest, openRawConnection } from '../support/raw-connection.js';
import { startStandInLlamaServer, type StandInLlamaServerOptions } from '../support/stand-ins/stand-in-llama-server.js';

const track = closeAfterEach();
const chat = (extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content: 'hi there' }], ...extra });
/** Much longer than the ~1 ms llama-server waits, much shorter than any keep-alive timeout. */
const promptlyMs = 100;

async function connection(options: StandInLlamaServerOptions = {}) {
  const standIn = track(await startStandInLlamaServer({ chunkDelayMs: 1, ...options }));
  return { standIn, socket: track(await openRawConnection(standIn.port)) };
}

function headOf(text: string): string {
  return text.slice(0, text.indexOf('\r\n\r\n') + 4);
}

describe('after a stream', () => {
  it('sends the recorded head: Keep-Alive, chunked, an empty Access-Control-Allow-Origin, no charset, no Date', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('POST', '/v1/chat/completions', chat({ stream: true })));
    await socket.waitFor('0\r\n\r\n');
    expect(headOf(socket.received())).toBe(
      'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nTransfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: \r\n' +
        'X-Accel-Buffering: no\r\nServer: llama.cpp\r\nContent-Type: text/event-stream\r\n\r\n',
    );
  });

  it('closes the connection right after the last chunk although the head said keep-alive', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('POST', '/v1/chat/completions', chat({ stream: true })));
    const lastChunkAt = await socket.waitFor('data: [DONE]\n\n\r\n0\r\n\r\n');
    const finAt = await socket.waitForEnd();
    expect(finAt - lastChunkAt).toBeLessThan(promptlyMs);
  });

  it('closes the connection after a stream that ended with an error event, too', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('POST', '/v1/chat/completions', { messages: [{ role: 'user', content: 'a b c [scenario:error-line]' }], stream: true }));
    await socket.waitFor('"type":"server_error"');
    await socket.waitForEnd(promptlyMs * 20);
    expect(socket.received()).not.toContain('[DONE]');
  });

  it('closes the connection after a legacy completion stream', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('POST', '/v1/completions', { prompt: 'Once', stream: true }));
    const lastChunkAt = await socket.waitFor('0\r\n\r\n');
    expect((await socket.waitForEnd()) - lastChunkAt).toBeLessThan(promptlyMs);
  });
});

describe('after a whole answer', () => {
  it('keeps the connection open and answers the next request on it', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('GET', '/health'));
    await socket.waitFor('{"status":"ok"}');
    socket.send(formatRequest('POST', '/v1/chat/completions', chat()));
    await socket.waitFor('"object":"chat.completion"');
    expect(socket.isOpen()).toBe(true);
    expect(socket.received().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });

  it('sends Keep-Alive, the JSON type with its charset and Server, and no Connection or Date header', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('GET', '/health'));
    await socket.waitFor('{"status":"ok"}');
    const names = headOf(socket.received()).split('\r\n').slice(1, -2).map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    expect(names).toEqual(['keep-alive', 'content-type', 'server', 'access-control-allow-origin', 'content-length']);
    expect(socket.received()).toContain('Content-Type: application/json; charset=utf-8\r\n');
  });

  it('closes an idle connection after the idle timeout', async () => {
    const { socket } = await connection({ idleTimeoutMs: 300 });
    socket.send(formatRequest('GET', '/health'));
    const answeredAt = await socket.waitFor('{"status":"ok"}');
    expect((await socket.waitForEnd()) - answeredAt).toBeGreaterThanOrEqual(250);
  });
});

describe('after an error', () => {
  it('sends Connection: close in place of Keep-Alive, in the recorded order', async () => {
    const { socket } = await connection();
    socket.send(formatRequest('POST', '/v1/chat/completions', {}, { Origin: 'http://example.test' }));
    await socket.waitFor('"invalid_request_error"}}');
    expect(socket.received()).toBe(
      'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nServer: llama.cpp\r\n' +
        'Content-Length: 88\r\nAccess-Control-Allow-Origin: http://example.test\r\n\r\n' +
        '{"error":{"code":400,"message":"\'messages\' is required","type":"invalid_request_error"}}',
    );
  });

  it('leaves the socket open until the idle timeout despite Connection: close', async () => {
    const { socket } = await connection({ idleTimeoutMs: 600 });
    socket.send(formatRequest('POST', '/v1/chat/completions', {}));
    const answeredAt = await socket.waitFor('"invalid_request_error"}}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.isOpen()).toBe(true);
    expect((await socket.waitForEnd()) - answeredAt).toBeGreaterThanOrEqual(550);
  });

  it('answers no further request on that socket', async () => {
    const { socket } = await connection({ idleTimeoutMs: 400 });
    socket.send(formatRequest('POST', '/v1/chat/completions', {}));
    await socket.waitFor('"invalid_request_error"}}');
    socket.send(formatRequest('GET', '/health'));
    await socket.waitForEnd();
    expect(socket.received()).not.toContain('{"status":"ok"}');
  });

  it('answers a prompt over the context as plain JSON with Connection: close, even for a stream', async () => {
    const { socket } = await connection({ contextLength: 16 });
    socket.send(formatRequest('POST', '/v1/chat/completions', { messages: [{ role: 'user', content: 'word '.repeat(40) }], stream: true }));
    await socket.waitFor('"n_ctx":16}}');
    expect(headOf(socket.received())).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application\/json; charset=utf-8\r\n/);
  });
});
