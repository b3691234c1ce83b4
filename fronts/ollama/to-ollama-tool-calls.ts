/**
 * OpenAI tool calls as Ollama's: the id kept, the position as `function.index` (Ollama
 * 0.12 and later number the calls of one answer from 0), and the arguments as the object
 * Ollama's clients expect. Arguments that are not a JSON object cannot be written in
 * Ollama's shape, so they fail the answer with a named error rather than reach the client
 * as something else.
 */
import type { ToolCall } from '../../core/openai-types.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { OllamaToolCall } from './ollama-responses.js';

export function toOllamaToolCall(call: Pick<ToolCall, 'id' | 'function'>, index: number): OllamaToolCall {
  return {
    ...(call.id ? { id: call.id } : {}),
    function: { index, name: call.function.name, arguments: readToolArguments(call.function.arguments, call.function.name) },
  };
}

export function toOllamaToolCalls(calls: readonly ToolCall[] | undefined): OllamaToolCall[] {
  return (calls ?? []).map((call, index) => toOllamaToolCall(call, index));
}

/** A JSON arguments string as an object; empty (a tool without parameters) is `{}`. */
export function readToolArguments(text: string, name: string): Record<string, unknown> {
  if (text.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badArguments(name, 'not valid JSON', error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badArguments(name, 'not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * A 502 without an upstream reason: the upstream answered fine, the model wrote the
 * wrong thing, so it is neither counted against the connection nor retried elsewhere.
 */
function badArguments(name: string, problem: string, cause?: unknown): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'invalid_tool_arguments',
    message: `The model called '${name}' with arguments that are ${problem}.`,
    cause,
  });
}
