/**
 * Tool calls as current Ollama sends them: `{"id":"call_xxxxxxxx","function":{"index":0,
 * "name":…,"arguments":{…}}}`, arguments an object (not a JSON string) and the id eight
 * random lowercase letters and digits after `call_` (server/routes.go `toolCallId`).
 */
import { randomInt } from 'node:crypto';
import type { PlannedToolCall } from './stand-in-reply.js';

export interface OllamaToolCall {
  id: string;
  function: { index: number; name: string; arguments: Record<string, unknown> };
}

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function createOllamaToolCallId(): string {
  let suffix = '';
  for (let index = 0; index < 8; index += 1) suffix += idAlphabet[randomInt(idAlphabet.length)];
  return `call_${suffix}`;
}

export function toOllamaToolCall(call: PlannedToolCall, index: number): OllamaToolCall {
  return { id: createOllamaToolCallId(), function: { index, name: call.name, arguments: call.arguments } };
}
