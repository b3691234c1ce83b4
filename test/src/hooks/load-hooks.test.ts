import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/load-config.js';
import { createHookFolder, type HookFolder } from './hook-modules.js';

let folder: HookFolder;

beforeEach(async () => {
  folder = await createHookFolder();
});

afterEach(async () => {
  await folder.remove();
});

/** The ConfigError loading `module` throws; fails the test when it loads. */
async function configErrorOf(module: string): Promise<ConfigError> {
  const error: unknown = await folder.load([{ module }]).then(
    () => new Error('the hook was loaded'),
    (thrown: unknown) => thrown,
  );
  if (error instanceof ConfigError) return error;
  throw error;
}

describe('loadHooks', () => {
  it('loads a module’s hook functions with its settings, the path taken from the configuration’s folder', async () => {
    await folder.write('hooks/redact.mjs', 'export function onRequest() {}\nexport async function onChunk() {}\n');
    const [hook] = await folder.load([{ module: './hooks/redact.mjs', models: ['chat'], timeout_ms: 500 }]);
    expect(hook).toMatchObject({ name: './hooks/redact.mjs', models: new Set(['chat']), timeoutMs: 500 });
    expect(hook?.file.endsWith('/hooks/redact.mjs')).toBe(true);
    expect(typeof hook?.onRequest).toBe('function');
    expect(typeof hook?.onChunk).toBe('function');
    expect(hook?.onResponse).toBeUndefined();
  });

  it('keeps the configured order', async () => {
    await folder.write('a.mjs', 'export function onRequest() {}');
    await folder.write('b.mjs', 'export function onResponse() {}');
    const hooks = await folder.load([{ module: './b.mjs' }, { module: './a.mjs' }]);
    expect(hooks.map((hook) => hook.name)).toEqual(['./b.mjs', './a.mjs']);
  });

  it('takes the functions of a default export', async () => {
    await folder.write('default.mjs', 'export default { onResponse(response) { return response; } };');
    const [hook] = await folder.load([{ module: './default.mjs' }]);
    expect(typeof hook?.onResponse).toBe('function');
  });

  it('gives every hook a model filter only when it names models', async () => {
    await folder.write('all.mjs', 'export function onRequest() {}');
    const [hook] = await folder.load([{ module: './all.mjs' }]);
    expect(hook?.models).toBeUndefined();
  });

  it.each([
    ['a missing module', undefined, /hooks\[0\]\.module: '\.\/missing\.mjs' \(.*\/missing\.mjs\) does not exist/],
    ['a module with none of the hook functions', 'export function handle() {}', /'\.\/missing\.mjs' .* exports none of onRequest, onResponse, onChunk/],
    ['a module whose hook is not a function', 'export const onRequest = 42;', /exports onRequest as a number, not a function/],
    ['a module that does not parse', 'export function onRequest( {', /could not be imported: .*syntax/i],
    ['a module that throws as it loads', 'throw new Error("no word list");', /could not be imported: Error: no word list/],
  ])('refuses %s with a configuration error naming the file', async (_name, source, problem) => {
    if (source !== undefined) await folder.write('missing.mjs', source);
    const error = await configErrorOf('./missing.mjs');
    expect(error.file).toBe(folder.configFile);
    expect(error.problems).toEqual([expect.stringMatching(problem)]);
    expect(error.message).toContain(folder.configFile);
  });

  it('reports every broken module at once', async () => {
    await folder.write('ok.mjs', 'export function onRequest() {}');
    const error: unknown = await folder.load([{ module: './gone-a.mjs' }, { module: './ok.mjs' }, { module: './gone-b.mjs' }]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.slice(0, 'hooks[0]'.length))).toEqual(['hooks[0]', 'hooks[2]']);
  });

  it('imports a changed module afresh when loaded again', async () => {
    await folder.write('tag.mjs', 'export function onResponse() { return { version: 1 }; }');
    const [first] = await folder.load([{ module: './tag.mjs' }]);
    await folder.write('tag.mjs', 'export function onResponse() { return { version: 2 }; }');
    const [second] = await folder.load([{ module: './tag.mjs' }]);
    expect(first?.onResponse?.({} as never, {} as never)).toEqual({ version: 1 });
    expect(second?.onResponse?.({} as never, {} as never)).toEqual({ version: 2 });
  });

  it('loads nothing for no hooks', async () => {
    expect(await folder.load([])).toEqual([]);
  });
});
