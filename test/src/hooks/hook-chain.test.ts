import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeclarativeHooks } from '../../../config/hooks-schema.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../../core/openai-types.js';
import { HookChain, type HookRequestFacts } from '../../../src/hooks/hook-chain.js';
import { createCapturingLogger, createHookFolder, type HookFolder } from './hook-modules.js';

let folder: HookFolder;

beforeEach(async () => {
  folder = await createHookFolder();
});

afterEach(async () => {
  await folder.remove();
});

const request: ChatCompletionRequest = { model: 'chat', messages: [{ role: 'user', content: 'Mail me at ada@example.com' }], temperature: 0.7 };
const facts: HookRequestFacts = { model: 'chat', requestId: 'req-1', apiKeyName: 'team-a', stream: true };

const response: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'chat',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Sure, ada@example.com.' }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

const chunk: ChatCompletionChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'chat',
  choices: [{ index: 0, delta: { content: 'ada@example.com' }, logprobs: null, finish_reason: null }],
};

/** Loads `modules` (name → source) as hooks and makes a chain of them for `facts`. */
async function createChain(
  modules: Record<string, string>,
  options: {
    declarative?: Array<DeclarativeHooks | undefined>;
    facts?: Partial<HookRequestFacts>;
    settings?: Record<string, { models?: string[]; timeout_ms?: number }>;
  } = {},
) {
  for (const [name, source] of Object.entries(modules)) await folder.write(name, source);
  const hooks = await folder.load(Object.keys(modules).map((name) => ({ module: `./${name}`, ...options.settings?.[name] })));
  const { logger, lines } = createCapturingLogger();
  const chain = new HookChain({ hooks, declarative: options.declarative ?? [], facts: { ...facts, ...options.facts }, logger });
  return { chain, lines };
}

const redact = `
const hide = (text) => text.replaceAll(/\\S+@\\w+(?:\\.\\w+)+/g, '[email]');
export function onRequest(request) {
  return { ...request, messages: request.messages.map((message) => ({ ...message, content: hide(message.content) })) };
}
export function onResponse(response) {
  return { ...response, choices: response.choices.map((choice) => ({ ...choice, message: { ...choice.message, content: hide(choice.message.content) } })) };
}
export function onChunk(chunk) {
  return { ...chunk, choices: chunk.choices.map((choice) => ({ ...choice, delta: { ...choice.delta, content: hide(choice.delta.content ?? '') } })) };
}
`;

describe('HookChain', () => {
  describe('a transformer', () => {
    it('replaces the request', async () => {
      const { chain } = await createChain({ 'redact.mjs': redact });
      expect((await chain.runRequest(request)).messages).toEqual([{ role: 'user', content: 'Mail me at [email]' }]);
    });

    it('replaces the whole response', async () => {
      const { chain } = await createChain({ 'redact.mjs': redact });
      expect((await chain.runResponse(response)).choices[0]?.message.content).toBe('Sure, [email].');
    });

    it('replaces each chunk', async () => {
      const { chain } = await createChain({ 'redact.mjs': redact });
      expect((await chain.runChunk(chunk)).choices[0]?.delta.content).toBe('[email]');
    });

    it('may be async', async () => {
      const { chain } = await createChain({
        'later.mjs': `export async function onRequest(request) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          return { ...request, temperature: 0 };
        }`,
      });
      expect((await chain.runRequest(request)).temperature).toBe(0);
    });

    it('hands its replacement to the next hook', async () => {
      const { chain } = await createChain({
        'first.mjs': `export function onChunk(chunk) { return { ...chunk, id: chunk.id + '-a' }; }`,
        'second.mjs': `export function onChunk(chunk) { return { ...chunk, id: chunk.id + '-b' }; }`,
      });
      expect((await chain.runChunk(chunk)).id).toBe('chatcmpl-1-a-b');
    });
  });

  describe('an observer', () => {
    it('leaves the request as it was and is told the request’s facts', async () => {
      const { chain } = await createChain({
        'observe.mjs': `export function onRequest(request, context) {
          context.emit({ type: 'seen', model: context.model, connection: context.connection ?? null, requestId: context.requestId, apiKeyName: context.apiKeyName, stream: context.stream });
        }`,
      });
      expect(await chain.runRequest(request)).toBe(request);
      expect(chain.drainEvents()).toEqual([{ event: { type: 'seen', model: 'chat', connection: null, requestId: 'req-1', apiKeyName: 'team-a', stream: true } }]);
    });

    it('is told the connection once it has been chosen', async () => {
      const { chain } = await createChain({ 'observe.mjs': `export function onChunk(chunk, context) { context.emit({ connection: context.connection }); }` });
      chain.setConnection('box-a');
      await chain.runChunk(chunk);
      expect(chain.drainEvents()).toEqual([{ event: { connection: 'box-a' } }]);
    });
  });

  it('runs module hooks in order, then the alias’s declarative hooks, then the key’s', async () => {
    const { chain } = await createChain(
      {
        'a.mjs': `export function onRequest(request) { return { ...request, temperature: 0.1, user: 'a' }; }`,
        'b.mjs': `export function onRequest(request) { return { ...request, user: request.user + 'b' }; }`,
      },
      { declarative: [{ force: { temperature: 0.2, top_p: 0.5 } }, undefined, { force: { top_p: 0.9 } }] },
    );
    expect(await chain.runRequest(request)).toMatchObject({ user: 'ab', temperature: 0.2, top_p: 0.9 });
  });

  it.each([
    ['names the request’s model', ['chat'], 0],
    ['names only other models', ['code', 'embed'], 0.7],
  ])('runs a hook whose models %s accordingly', async (_name, models, temperature) => {
    const { chain } = await createChain({ 'cool.mjs': `export function onRequest(request) { return { ...request, temperature: 0 }; }` }, { settings: { 'cool.mjs': { models } } });
    expect((await chain.runRequest(request)).temperature).toBe(temperature);
  });

  describe('a refusal', () => {
    it.each([
      ['an Error with a status', `throw Object.assign(new Error('No secrets here.'), { status: 403 });`, 403, 'invalid_request_error'],
      ['a plain object', `throw { status: 429, message: 'No secrets here.' };`, 429, 'invalid_request_error'],
      ['a server status', `throw Object.assign(new Error('No secrets here.'), { status: 503 });`, 503, 'server_error'],
    ])('thrown as %s answers with its status and message', async (_name, statement, status, type) => {
      const { chain, lines } = await createChain({ 'refuse.mjs': `export function onRequest() { ${statement} }` });
      await expect(chain.runRequest(request)).rejects.toMatchObject({ status, type, code: 'hook_refused', message: 'No secrets here.' });
      expect(lines).toEqual([]);
    });
  });

  describe('a failing hook', () => {
    it.each([
      ['throws', `export function onRequest() { throw new TypeError('boom'); }`],
      ['rejects', `export async function onRequest() { await null; throw new TypeError('boom'); }`],
      ['throws an error whose status is no HTTP error', `export function onRequest() { throw Object.assign(new TypeError('boom'), { status: 200 }); }`],
    ])('that %s fails the request with a 500 naming it, logged once with the stack', async (_name, source) => {
      const { chain, lines } = await createChain({ 'broken.mjs': source });
      await expect(chain.runRequest(request)).rejects.toMatchObject({
        status: 500,
        type: 'server_error',
        code: 'hook_failed',
        message: expect.stringContaining("'./broken.mjs' failed in onRequest"),
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, hook: './broken.mjs', phase: 'onRequest', requestId: 'req-1', err: { message: 'boom', stack: expect.stringContaining('broken.mjs') } });
    });

    it.each([
      ['a string', `return 'yes';`],
      ['null', `return null;`],
      ['an array', `return [];`],
    ])('that returns %s fails the request', async (_name, statement) => {
      const { chain, lines } = await createChain({ 'odd.mjs': `export function onChunk() { ${statement} }` });
      await expect(chain.runChunk(chunk)).rejects.toMatchObject({ status: 500, code: 'hook_failed' });
      expect(lines[0]?.err).toMatchObject({ message: expect.stringContaining('instead of an object or nothing') });
    });

    it.each([
      ['returns a request for another model', `export function onRequest(request) { return { ...request, model: 'big' }; }`],
      ['changes the model in place', `export function onRequest(request) { request.model = 'big'; }`],
      ['switches streaming on', `export function onRequest(request) { return { ...request, stream: true }; }`],
    ])('that %s fails the request', async (_name, source) => {
      const { chain } = await createChain({ 'reroute.mjs': source });
      await expect(chain.runRequest({ ...request })).rejects.toMatchObject({ status: 500, code: 'hook_failed' });
    });

    it('may leave out a stream flag that was false', async () => {
      const { chain } = await createChain({ 'rebuild.mjs': `export function onRequest(request) { return { model: request.model, messages: request.messages }; }` });
      expect(await chain.runRequest({ ...request, stream: false })).toEqual({ model: 'chat', messages: request.messages });
    });
  });

  it('fails a hook that takes longer than its timeout with a 500 naming it, without waiting for it', async () => {
    const { chain, lines } = await createChain(
      { 'slow.mjs': `export function onResponse() { return new Promise((resolve) => setTimeout(resolve, 10_000).unref()); }` },
      { settings: { 'slow.mjs': { timeout_ms: 50 } } },
    );
    const started = performance.now();
    await expect(chain.runResponse(response)).rejects.toMatchObject({ status: 500, code: 'hook_timeout', message: expect.stringContaining("'./slow.mjs'") });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines).toEqual([expect.objectContaining({ level: 40, hook: './slow.mjs', phase: 'onResponse', timeoutMs: 50 })]);
  });

  describe('emitted events', () => {
    const emitter = `
      export function onRequest(request, context) { context.emit({ type: 'status', data: { description: 'Checking', done: false } }); }
      export function onChunk(chunk, context) { context.emit({ type: 'status', data: { description: 'Streaming', done: false } }); }
    `;

    it('wait, in order, until drained, as payloads of the form {"event": …}', async () => {
      const { chain } = await createChain({ 'emit.mjs': emitter });
      await chain.runRequest(request);
      await chain.runChunk(chunk);
      expect(chain.drainEvents()).toEqual([
        { event: { type: 'status', data: { description: 'Checking', done: false } } },
        { event: { type: 'status', data: { description: 'Streaming', done: false } } },
      ]);
      expect(chain.drainEvents()).toEqual([]);
    });

    it('are dropped for a client that does not stream', async () => {
      const { chain } = await createChain({ 'emit.mjs': emitter }, { facts: { stream: false } });
      await chain.runRequest(request);
      expect(chain.drainEvents()).toEqual([]);
    });

    it('are copied as they were emitted', async () => {
      const { chain } = await createChain({ 'emit.mjs': `export function onRequest(request, context) { const event = { n: 1 }; context.emit(event); event.n = 2; }` });
      await chain.runRequest(request);
      expect(chain.drainEvents()).toEqual([{ event: { n: 1 } }]);
    });

    it.each([
      ['something other than an object', `context.emit('hello');`],
      ['an object that cannot be written as JSON', `const event = {}; event.self = event; context.emit(event);`],
    ])('leave out %s, logged, without failing the hook', async (_name, statement) => {
      const { chain, lines } = await createChain({ 'emit.mjs': `export function onRequest(request, context) { ${statement} }` });
      expect(await chain.runRequest(request)).toBe(request);
      expect(chain.drainEvents()).toEqual([]);
      expect(lines).toEqual([expect.objectContaining({ level: 40, requestId: 'req-1', msg: expect.stringContaining('hook event dropped') })]);
    });
  });

  it.each([
    ['no hooks', {}, [], [false, false, false]],
    ['a declarative hook only', {}, [{ drop: ['user'] }], [true, false, false]],
    ['a chunk hook', { 'c.mjs': 'export function onChunk() {}' }, [], [false, false, true]],
    ['every kind', { 'r.mjs': redact }, [], [true, true, true]],
  ])('with %s tells which phases it reads', async (_name, modules, declarative, expected) => {
    const { chain } = await createChain(modules, { declarative });
    expect([chain.rewritesRequests, chain.readsResponses, chain.readsChunks]).toEqual(expected);
  });
});
