/**
 * What a stand-in fleet box writes, shaped like Ollama's own answers: the NDJSON lines of
 * a streamed `/api/chat` answer (built once per model and length, then reused), the whole
 * answer when not streamed, and the `/api/ps` and `/api/tags` listings the gateway reads
 * to learn which models are loaded and which exist.
 */
import { tokensOf } from '../stand-in-bodies.js';
import type { ResidentModel } from './fleet-box.js';

const createdAt = '2024-08-01T12:00:00.123456789Z';
/** Ollama unloads a model five minutes after its last use unless told otherwise. */
const keepAliveMs = 5 * 60_000;
const sizeBytes = 4_920_000_000;
const contextLength = 4096;
const digest = 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72';

export interface ChatAnswer {
  /** One line per token, then the `done` line. */
  lines: Buffer[];
  whole: Buffer;
}

const answers = new Map<string, ChatAnswer>();

function doneFields(tokens: number, loadMs: number): Record<string, unknown> {
  return {
    done_reason: 'stop',
    done: true,
    total_duration: 1_234_567_890,
    load_duration: loadMs * 1_000_000,
    prompt_eval_count: 24,
    prompt_eval_duration: 23_456_789,
    eval_count: tokens,
    eval_duration: 987_654_321,
  };
}

/** The answer of `tokens` tokens for `model`; the first token is the bench's first-token marker. */
export function chatAnswer(model: string, tokens: number): ChatAnswer {
  const key = `${model}\n${tokens}`;
  const cached = answers.get(key);
  if (cached) return cached;
  const texts = tokensOf(tokens);
  const line = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value)}\n`);
  const done = { model, created_at: createdAt, message: { role: 'assistant', content: '' }, ...doneFields(tokens, 0) };
  const answer: ChatAnswer = {
    lines: [...texts.map((content) => line({ model, created_at: createdAt, message: { role: 'assistant', content }, done: false })), line(done)],
    whole: Buffer.from(JSON.stringify({ ...done, message: { role: 'assistant', content: texts.join('') } })),
  };
  answers.set(key, answer);
  return answer;
}

function details(): Record<string, unknown> {
  return { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '7.6B', quantization_level: 'Q4_K_M' };
}

/** `GET /api/ps`: the resident models, each with when it would be unloaded. */
export function processList(resident: readonly ResidentModel[]): Buffer {
  const models = resident.map((entry) => ({
    name: entry.model,
    model: entry.model,
    size: sizeBytes,
    digest,
    details: details(),
    expires_at: new Date(entry.lastUsedAt + keepAliveMs).toISOString(),
    size_vram: sizeBytes,
    context_length: contextLength,
  }));
  return Buffer.from(JSON.stringify({ models }));
}

/** `GET /api/tags`: every model the box can serve. */
export function tagList(models: readonly string[]): Buffer {
  const entries = models.map((name) => ({ name, model: name, modified_at: createdAt, size: sizeBytes, digest, details: details() }));
  return Buffer.from(JSON.stringify({ models: entries }));
}
