import { describe, expect, it } from 'vitest';
import { readAffinityKey, type AffinitySource } from '../../../../src/routing/strategies/affinity-key.js';

const system = { role: 'system', content: 'You are a terse assistant.' };
const firstQuestion = { role: 'user', content: 'What is a circuit breaker?' };

function request(body: Record<string, unknown>, headers: AffinitySource['headers'] = {}): AffinitySource {
  return { body, headers };
}

describe('readAffinityKey with conversation', () => {
  it('gives every turn of one chat the same key', () => {
    const turns = [
      [system, firstQuestion],
      [system, firstQuestion, { role: 'assistant', content: 'A switch that opens after failures.' }, { role: 'user', content: 'And half-open?' }],
      [system, firstQuestion, { role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }, { role: 'assistant', content: 'z' }, { role: 'system', content: 'late note' }, { role: 'user', content: 'w' }],
    ];
    const keys = turns.map((messages) => readAffinityKey('conversation', request({ messages })));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another first message', [system, { role: 'user', content: 'What is a bulkhead?' }]],
    ['another system prompt', [{ role: 'system', content: 'You are verbose.' }, firstQuestion]],
    ['no system prompt', [firstQuestion]],
  ])('gives a chat with %s another key', (_, messages) => {
    expect(readAffinityKey('conversation', request({ messages }))).not.toBe(readAffinityKey('conversation', request({ messages: [system, firstQuestion] })));
  });

  it('reads a developer message as the system prompt', () => {
    const developer = { role: 'developer', content: system.content };
    expect(readAffinityKey('conversation', request({ messages: [developer, firstQuestion] }))).toBe(readAffinityKey('conversation', request({ messages: [system, firstQuestion] })));
  });

  it('keys a first message sent as content parts like the same text sent as a string', () => {
    const parts = { role: 'user', content: [{ type: 'text', text: firstQuestion.content }] };
    expect(readAffinityKey('conversation', request({ messages: [system, parts] }))).toBe(readAffinityKey('conversation', request({ messages: [system, firstQuestion] })));
  });

  it('tells apart first messages that differ only in their image', () => {
    const withImage = (url: string) => ({ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url } }] });
    expect(readAffinityKey('conversation', request({ messages: [withImage('data:image/png;base64,AAAA')] }))).not.toBe(
      readAffinityKey('conversation', request({ messages: [withImage('data:image/png;base64,BBBB')] })),
    );
  });

  it.each([
    ['no messages', {}],
    ['messages that are not a list', { messages: 'hi' }],
    ['no user message', { messages: [system] }],
  ])('gives no key for %s', (_, body) => {
    expect(readAffinityKey('conversation', request(body))).toBeUndefined();
  });
});

describe('readAffinityKey with user', () => {
  it.each([
    ['the user field', request({ user: 'alice' }), request({ user: 'alice' }, { 'x-openwebui-user-id': 'someone-else' })],
    ["Open WebUI's user id header", request({}, { 'x-openwebui-user-id': 'alice' }), request({ user: '' }, { 'x-openwebui-user-id': 'alice' })],
  ])('keys on %s', (_, first, second) => {
    expect(readAffinityKey('user', first)).toBe(readAffinityKey('user', second));
    expect(readAffinityKey('user', first)).not.toBe(readAffinityKey('user', request({ user: 'bob' })));
  });

  it('gives no key without a user', () => {
    expect(readAffinityKey('user', request({ messages: [firstQuestion] }))).toBeUndefined();
  });

  it('never returns the user id itself', () => {
    expect(readAffinityKey('user', request({ user: 'alice@example.test' }))).not.toContain('alice');
  });
});

describe('readAffinityKey with header:<name>', () => {
  it('keys on the header, named in any case', () => {
    const key = readAffinityKey('header:X-Session-Id', request({}, { 'x-session-id': 's-1' }));
    expect(key).toBeDefined();
    expect(key).toBe(readAffinityKey('header:x-session-id', request({ user: 'other' }, { 'x-session-id': 's-1' })));
    expect(key).not.toBe(readAffinityKey('header:x-session-id', request({}, { 'x-session-id': 's-2' })));
  });

  it('reads a repeated header as its values joined', () => {
    expect(readAffinityKey('header:x-tenant', request({}, { 'x-tenant': ['a', 'b'] }))).toBe(readAffinityKey('header:x-tenant', request({}, { 'x-tenant': 'a, b' })));
  });

  it.each([
    ['absent', {}],
    ['empty', { 'x-session-id': '' }],
  ])('gives no key when the header is %s', (_, headers) => {
    expect(readAffinityKey('header:x-session-id', request({}, headers))).toBeUndefined();
  });
});

describe('readAffinityKey with none', () => {
  it('gives no key, whatever the request carries', () => {
    expect(readAffinityKey('none', request({ user: 'alice', messages: [system, firstQuestion] }, { 'x-openwebui-user-id': 'alice' }))).toBeUndefined();
  });
});
