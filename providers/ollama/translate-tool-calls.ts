import { randomBytes } from 'node:crypto';
import type { ToolCall } from '../../core/openai-types.js';
import type { OllamaToolCall } from './ollama-types.js';

/** An OpenAI-style tool call id, for Ollama versions that send none. */
export function createToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}

/**
 * Ollama's tool calls as OpenAI's: Ollama's id kept when it sends one, arguments turned
 * from a JSON object into the JSON string OpenAI clients parse.
 */
export function translateToolCalls(calls: readonly OllamaToolCall[]): ToolCall[] {
  return calls.map((call) => ({
    id: call.id !== undefined && call.id !== '' ? call.id : createToolCallId(),
    type: 'function',
    function: { name: call.function.name, arguments: writeArguments(call.function.arguments) },
  }));
}

function writeArguments(value: Record<string, unknown> | string | null | undefined): string {
  if (typeof value === 'string') {
    return value;
  }
  return JSON.stringify(value ?? {});
}
