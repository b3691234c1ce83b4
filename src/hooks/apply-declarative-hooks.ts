/**
 * The built-in hooks an alias or an API key declares (`hooks:` under `models[]` or
 * `server.api_keys[]`): request rewrites that need no module. Pure; the request given is
 * not changed. In this order: `drop` removes fields, `force` sets fields, `clamp` bounds
 * numbers (a forced value too), `system_prompt` goes in front of the client's.
 */
import type { DeclarativeHooks } from '../../config/hooks-schema.js';
import type { ChatCompletionRequest, ChatMessage } from '../../core/openai-types.js';

export function applyDeclarativeHooks(request: ChatCompletionRequest, hooks: DeclarativeHooks): ChatCompletionRequest {
  const rewritten: Record<string, unknown> = { ...request };
  for (const field of hooks.drop ?? []) delete rewritten[field];
  for (const [field, value] of Object.entries(hooks.force ?? {})) rewritten[field] = forceValue(rewritten[field], value);
  for (const [field, bounds] of Object.entries(hooks.clamp ?? {})) {
    const value = rewritten[field];
    // A missing field stays missing: clamping must not turn "no limit asked" into a limit.
    if (typeof value === 'number') rewritten[field] = clamp(value, bounds);
  }
  const result = rewritten as ChatCompletionRequest;
  return hooks.system_prompt === undefined ? result : { ...result, messages: prependSystemPrompt(result.messages, hooks.system_prompt) };
}

function clamp(value: number, bounds: { min?: number | undefined; max?: number | undefined }): number {
  const raised = bounds.min === undefined ? value : Math.max(value, bounds.min);
  return bounds.max === undefined ? raised : Math.min(raised, bounds.max);
}

/**
 * A forced value, copied so no request shares an object with the configuration. Objects
 * are merged key by key over what the client sent, as alias `defaults` are: forcing
 * `options: { num_ctx: 8192 }` keeps the client's other Ollama options.
 */
function forceValue(given: unknown, forced: unknown): unknown {
  const copy = structuredClone(forced);
  return isPlainObject(given) && isPlainObject(copy) ? { ...given, ...copy } : copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `prompt` in front of the client's system prompt. When the conversation starts with a
 * system or developer message, the prompt joins it, a blank line between, so the model
 * gets one system prompt: several chat templates (Mistral's, Gemma's) refuse or drop a
 * second one. Otherwise it comes first as a system message of its own.
 */
export function prependSystemPrompt(messages: readonly ChatMessage[], prompt: string): ChatMessage[] {
  const [first, ...rest] = messages;
  if (first === undefined || (first.role !== 'system' && first.role !== 'developer')) {
    return [{ role: 'system', content: prompt }, ...messages];
  }
  const content = first.content;
  if (Array.isArray(content)) {
    return [{ ...first, content: [{ type: 'text', text: prompt }, ...content] }, ...rest];
  }
  const text = content ?? '';
  return [{ ...first, content: text === '' ? prompt : `${prompt}\n\n${text}` }, ...rest];
}
