/**
 * The recorded vLLM SSE streams under test/fixtures/vllm: well framed, ending in [DONE],
 * one id per stream.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSse } from '../support/parse-sse.js';

const fixtureDirectory = fileURLToPath(new URL('../fixtures/vllm/', import.meta.url));
const fixtures = readdirSync(fixtureDirectory).filter((name) => name.endsWith('.sse'));

describe('vLLM SSE fixtures', () => {
  it('include chat with usage, chat with tool calls and a completion stream', () => {
    expect(fixtures).toEqual(expect.arrayContaining(['chat-stream-usage.sse', 'chat-stream-tool-calls.sse', 'completion-stream.sse']));
  });

  it.each(fixtures)('%s is well-framed SSE ending in [DONE] with one id throughout', (name) => {
    const payloads = parseSse(readFileSync(`${fixtureDirectory}${name}`, 'utf8'));
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1) as Array<Record<string, unknown>>;
    expect(chunks.every((chunk) => typeof chunk === 'object' && chunk !== null)).toBe(true);
    const ids = new Set(chunks.filter((chunk) => 'id' in chunk).map((chunk) => chunk['id']));
    expect(ids.size).toBe(1);
  });
});
