/**
 * Reads an SSE body the way a client does, event by event (events end at a blank line,
 * LF or CRLF). Each event gives its `data:` payload, JSON-parsed, or kept as text when it
 * is not JSON (`[DONE]`, or garbage an upstream sent). Comments and the `event`, `id` and
 * `retry` fields are skipped; any other line fails the read, so a test of a body also
 * proves its framing.
 */
import type { OpenAIError } from './openai-error.js';

const skippedField = /^(:|event:|id:|retry:)/;

function readPayload(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export function parseSse(text: string): unknown[] {
  const payloads: unknown[] = [];
  for (const event of text.replace(/\r\n/g, '\n').split('\n\n')) {
    const data: string[] = [];
    for (const line of event.split('\n')) {
      if (line === '' || skippedField.test(line)) continue;
      if (!line.startsWith('data:')) throw new Error(`not an SSE line: ${JSON.stringify(line)}`);
      data.push(line.slice('data:'.length).replace(/^ /, ''));
    }
    if (data.length > 0) payloads.push(readPayload(data.join('\n')));
  }
  return payloads;
}

/** The error of a stream that ended with an error event, or undefined. */
export function finalErrorFrame(payloads: unknown[]): OpenAIError | undefined {
  const last = payloads.at(-1);
  return typeof last === 'object' && last !== null && 'error' in last ? (last as { error: OpenAIError }).error : undefined;
}
