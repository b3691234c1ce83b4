/**
 * Shared inputs for the Ollama front door's tests: a request context, chat-completions
 * chunks and answers built field by field, the vLLM stream fixtures read as chunks, and
 * NDJSON lines read back as objects.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FrontContext } from '../../../core/front-door.js';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../../../core/openai-types.js';

export const context: FrontContext = { publicModel: 'llama3.2', responseId: 'ollama-test', now: 1_760_000_000 };

/** `context.now` as Ollama writes it. */
export const nowText = '2025-10-09T08:53:20Z';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

export function chunk(delta: Delta, finishReason: FinishReason | null = null, created = context.now): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created,
    model: 'upstream',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export function usageChunk(usage: Usage): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: context.now, model: 'upstream', choices: [], usage };
}

export function completion(
  message: Partial<ChatCompletion['choices'][number]['message']> & Record<string, unknown>,
  finishReason: FinishReason | null = 'stop',
  usage: Usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: context.now,
    model: 'upstream',
    choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

/** A recorded vLLM SSE body as the chunks it carries (`[DONE]` left out). */
export function readVllmChunks(name: string): ChatCompletionChunk[] {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/vllm/${name}`, import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as ChatCompletionChunk);
}

/** Framed NDJSON lines back as objects, checking that each is one whole line. */
export function readLines(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.map((line) => {
    if (!line.endsWith('\n') || line.slice(0, -1).includes('\n')) {
      throw new Error(`not one NDJSON line: ${JSON.stringify(line)}`);
    }
    return JSON.parse(line) as Record<string, unknown>;
  });
}
