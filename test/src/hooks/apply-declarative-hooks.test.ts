import { describe, expect, it } from 'vitest';
import type { DeclarativeHooks } from '../../../config/hooks-schema.js';
import type { ChatCompletionRequest, ChatMessage } from '../../../core/openai-types.js';
import { applyDeclarativeHooks, prependSystemPrompt } from '../../../src/hooks/apply-declarative-hooks.js';

const user: ChatMessage = { role: 'user', content: 'Hi' };
const request: ChatCompletionRequest = { model: 'chat', messages: [user], max_tokens: 4096, temperature: 1.5, user: 'alice', options: { num_ctx: 2048, top_k: 20 } };

describe('applyDeclarativeHooks', () => {
  it.each<[string, DeclarativeHooks, Partial<ChatCompletionRequest> & Record<string, unknown>]>([
    ['force sets a field the client sent', { force: { temperature: 0.2 } }, { temperature: 0.2 }],
    ['force sets a field the client left out', { force: { seed: 7 } }, { seed: 7 }],
    ['force merges an object key by key', { force: { options: { num_ctx: 8192 } } }, { options: { num_ctx: 8192, top_k: 20 } }],
    ['clamp lowers a value above max', { clamp: { max_tokens: { max: 1024 } } }, { max_tokens: 1024 }],
    ['clamp raises a value below min', { clamp: { temperature: { min: 1.8 } } }, { temperature: 1.8 }],
    ['clamp leaves a value within bounds', { clamp: { temperature: { min: 0, max: 2 } } }, { temperature: 1.5 }],
    ['clamp bounds a forced value', { force: { max_tokens: 9000 }, clamp: { max_tokens: { max: 2000 } } }, { max_tokens: 2000 }],
  ])('%s', (_name, hooks, expected) => {
    expect(applyDeclarativeHooks(request, hooks)).toEqual({ ...request, ...expected });
  });

  it.each<[string, DeclarativeHooks]>([
    ['missing', { clamp: { top_p: { max: 0.5 } } }],
    ['not a number', { clamp: { user: { max: 1 } } }],
  ])('clamp leaves a field that is %s as it is', (_name, hooks) => {
    const result = applyDeclarativeHooks(request, hooks);
    expect(result).toEqual(request);
    expect(result).not.toHaveProperty('top_p');
  });

  it('drop removes fields', () => {
    const result = applyDeclarativeHooks(request, { drop: ['user', 'options', 'seed'] });
    expect(result).toEqual({ model: 'chat', messages: [user], max_tokens: 4096, temperature: 1.5 });
  });

  it('system_prompt goes in front of the conversation', () => {
    expect(applyDeclarativeHooks(request, { system_prompt: 'Answer in French.' }).messages).toEqual([{ role: 'system', content: 'Answer in French.' }, user]);
  });

  it('does not change the request it was given, nor share forced objects with the configuration', () => {
    const given = structuredClone(request);
    const hooks: DeclarativeHooks = { force: { stop: ['END'] }, drop: ['user'], system_prompt: 'Be brief.' };
    const result = applyDeclarativeHooks(given, hooks);
    expect(given).toEqual(request);
    expect(result.stop).not.toBe(hooks.force?.stop);
  });
});

describe('prependSystemPrompt', () => {
  it.each<[string, ChatMessage[], ChatMessage[]]>([
    ['no system message', [user], [{ role: 'system', content: 'Rules.' }, user]],
    ['a system message first', [{ role: 'system', content: 'Be brief.' }, user], [{ role: 'system', content: 'Rules.\n\nBe brief.' }, user]],
    ['a developer message first', [{ role: 'developer', content: 'Be brief.' }, user], [{ role: 'developer', content: 'Rules.\n\nBe brief.' }, user]],
    ['an empty system message', [{ role: 'system', content: '' }, user], [{ role: 'system', content: 'Rules.' }, user]],
    [
      'a system message of parts',
      [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, user],
      [{ role: 'system', content: [{ type: 'text', text: 'Rules.' }, { type: 'text', text: 'Be brief.' }] }, user],
    ],
    ['a system message that is not first', [user, { role: 'system', content: 'Late.' }], [{ role: 'system', content: 'Rules.' }, user, { role: 'system', content: 'Late.' }]],
  ])('with %s', (_name, messages, expected) => {
    expect(prependSystemPrompt(messages, 'Rules.')).toEqual(expected);
  });
});
