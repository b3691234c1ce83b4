/**
 * Imports the hook modules that `hooks:` names, once at start and again at each reload.
 * A module that cannot be found or imported, or that exports none of the hook functions,
 * is a configuration error naming the module, reported like any other (the gateway does
 * not start; a reload keeps the old configuration).
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HookModuleConfig } from '../../config/hooks-schema.js';
import { ConfigError } from '../../config/load-config.js';
import { describeValue } from './describe-value.js';
import { hookPhases, type HookFunctions, type LoadedHook } from './hook-types.js';

/**
 * Counts loads, to give each one its own module URLs: Node keeps an imported module for
 * good under its URL, so a changed file is imported afresh only under a new one. Each
 * reload therefore keeps the previous modules in memory (ES modules cannot be unloaded);
 * modules the hook itself imports are not imported again.
 */
let loads = 0;

/**
 * A fresh set of hooks, in configuration order. Paths are relative to the folder of
 * `configFile`. All modules are checked before any error is thrown, so one start
 * reports every broken hook.
 */
export async function loadHooks(entries: readonly HookModuleConfig[], configFile: string): Promise<LoadedHook[]> {
  loads += 1;
  const folder = dirname(resolve(configFile));
  const problems: string[] = [];
  const hooks: LoadedHook[] = [];
  for (const [index, entry] of entries.entries()) {
    const file = resolve(folder, entry.module);
    const loaded = await importHook(file, `${pathToFileURL(file).href}?load=${loads}`);
    if (typeof loaded === 'string') {
      problems.push(`hooks[${index}].module: '${entry.module}' (${file}) ${loaded}`);
      continue;
    }
    hooks.push({
      ...loaded,
      name: entry.module,
      file,
      models: entry.models === undefined ? undefined : new Set(entry.models),
      timeoutMs: entry.timeout_ms,
    });
  }
  if (problems.length > 0) throw new ConfigError(configFile, problems);
  return hooks;
}

/** The module's hook functions, or what is wrong with it. */
async function importHook(file: string, url: string): Promise<HookFunctions | string> {
  const found = await stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!found) return 'does not exist';
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return `could not be imported: ${describeError(error)}`;
  }
  return readHookFunctions(exports);
}

/** `SyntaxError: Unexpected token`; read by shape, since a loader may throw errors of another realm. */
function describeError(error: unknown): string {
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return String(error);
  return typeof name === 'string' && name !== '' ? `${name}: ${message}` : message;
}

/**
 * The hook functions among a module's named exports, or, for a module with none of them,
 * among the properties of its default export (`export default { onRequest }`, and
 * CommonJS modules' `module.exports`).
 */
function readHookFunctions(exports: Record<string, unknown>): HookFunctions | string {
  const named = hookPhases.some((phase) => exports[phase] !== undefined);
  const fallback = exports.default;
  const source = !named && typeof fallback === 'object' && fallback !== null ? (fallback as Record<string, unknown>) : exports;
  const functions: Record<string, unknown> = {};
  for (const phase of hookPhases) {
    const value = source[phase];
    if (value === undefined) continue;
    if (typeof value !== 'function') return `exports ${phase} as ${describeValue(value)}, not a function`;
    functions[phase] = value;
  }
  if (Object.keys(functions).length === 0) return `exports none of ${hookPhases.join(', ')}`;
  return functions as HookFunctions;
}
