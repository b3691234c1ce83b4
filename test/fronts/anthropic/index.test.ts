import { describe, expect, it } from 'vitest';
import { missingField } from '../../../core/gateway-error.js';
import type { ChatCompletion } from '../../../core/openai-types.js';
import { anthropicMessagesFront } from '../../../fronts/anthropic/index.js';
import { context, createChunk, readEvents } from './stream-support.js';

const request = anthropicMessagesFront.schema.parse({ model: 'claude-local', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });

describe('anthropicMessagesFront', () => {
  it('streams server-sent events', () => {
    expect(anthropicMessagesFront.streamContentType).toBe('text/event-stream');
  });

  it.each([
    [true, true],
    [false, false],
    [undefined, false],
  ])('reads stream %s as a stream: %s', (stream, expected) => {
    expect(anthropicMessagesFront.isStream({ ...request, ...(stream === undefined ? {} : { stream }) })).toBe(expected);
  });

  it('translates the request to chat completions', () => {
    expect(anthropicMessagesFront.toChat(request, context)).toEqual({ model: 'claude-local', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 64 });
  });

  it('translates a whole answer to a message', () => {
    const completion: ChatCompletion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    expect(anthropicMessagesFront.fromChat(completion, request, context)).toMatchObject({ id: 'msg_test0001', content: [{ type: 'text', text: 'Hello' }] });
  });

  it('gives each stream its own state', () => {
    const first = anthropicMessagesFront.stream(request, context);
    first.push(createChunk({ content: 'one' }));
    const second = anthropicMessagesFront.stream(request, context);
    expect(readEvents(second.push(createChunk({ content: 'two' }))).map((event) => event.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
    ]);
  });

  it('renders errors in Anthropic’s shape', () => {
    expect(anthropicMessagesFront.renderError(missingField('max_tokens'))).toEqual({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: "Missing required parameter: 'max_tokens'." } },
    });
  });
});
