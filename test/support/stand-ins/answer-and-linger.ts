/**
 * How llama-server (cpp-httplib) ends an error answer: the head says `Connection: close`,
 * yet the socket stays open until the server's idle timeout (FIN 5009.7 ms after a 400
 * in the recording). A request sent on it meanwhile is never answered. The head is
 * written by hand: Node would close the socket at once after a `Connection: close`.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { pause, type PlannedResponse } from './send-planned-response.js';

function formatAnswer(plan: PlannedResponse): Buffer {
  const body = Buffer.from(plan.frames.map((frame) => (typeof frame === 'function' ? frame() : frame)).join(''));
  // Content-Length goes where llama-server puts it: after Server, before Access-Control-Allow-Origin.
  const headers = Object.entries(plan.headers).flatMap((entry) => (entry[0] === 'Access-Control-Allow-Origin' ? [['Content-Length', String(body.length)], entry] : [entry]));
  if (!('Access-Control-Allow-Origin' in plan.headers)) headers.push(['Content-Length', String(body.length)]);
  const head = [`HTTP/1.1 ${plan.status} ${STATUS_CODES[plan.status] ?? ''}`, ...headers.map(([name, value]) => `${name}: ${value}`)];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
}

/**
 * Writes the whole answer, calls `onSent` once it is on the wire, then holds the socket
 * for `plan.lingerMs` (or until the exchange is aborted) before closing it.
 */
export async function answerAndLinger(res: ServerResponse, plan: PlannedResponse, signal: AbortSignal, onSent: () => void): Promise<void> {
  const socket = res.socket;
  if (socket === null || socket.destroyed) return;
  // The response object is never used: Node would wait for it before answering the next request, which is what a lingering socket does.
  await new Promise<void>((resolve) => socket.write(formatAnswer(plan), () => resolve()));
  onSent();
  if (await pause(plan.lingerMs ?? 0, signal)) socket.end(() => socket.destroy());
}
