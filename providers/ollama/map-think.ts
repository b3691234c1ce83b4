import { invalidRequest } from '../../core/gateway-error.js';

/** Ollama's `think`: on/off, or a level for models that take one (gpt-oss). */
export type Think = boolean | 'low' | 'medium' | 'high';

/**
 * OpenAI's `reasoning_effort` values and Ollama's `think` for each. Ollama's own
 * OpenAI layer maps `none` to false and passes low/medium/high on; OpenAI's `minimal` and
 * `xhigh` have no Ollama level, so they take the nearest one.
 */
const thinkByEffort: Readonly<Record<string, Think>> = {
  none: false,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

/**
 * Ollama's `think` from the request: its own `think` field when given (Ollama users send
 * it), else from `reasoning_effort`. Undefined leaves the model's default.
 */
export function mapThink(think: unknown, reasoningEffort: unknown): Think | undefined {
  if (think !== undefined) {
    if (typeof think === 'boolean' || think === 'low' || think === 'medium' || think === 'high') {
      return think;
    }
    throw invalidRequest('think', "'think' must be true, false, \"low\", \"medium\" or \"high\".");
  }
  if (reasoningEffort === undefined || reasoningEffort === null) {
    return undefined;
  }
  if (typeof reasoningEffort === 'string' && Object.hasOwn(thinkByEffort, reasoningEffort)) {
    return thinkByEffort[reasoningEffort];
  }
  throw invalidRequest(
    'reasoning_effort',
    `'reasoning_effort' must be one of ${Object.keys(thinkByEffort).join(', ')}.`,
  );
}
