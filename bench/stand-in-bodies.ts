/**
 * Precomputed response bodies for the stand-in upstream, shaped like Ollama's and vLLM's
 * real output. Built once per model id and kept, so serving a request costs a lookup and
 * a few writes. The first content token is always "Hello": clients time the first token by it.
 */
import { parseModelName, type StreamShape } from './bench-models.js';

export const firstTokenMarker = 'Hello';

const tokenCycle = [
  '!', ' I', "'m", ' glad', ' you', ' asked', '.', ' A', ' suspension', ' bridge', ' hangs', ' its', ' deck',
  ' from', ' cables', ',', ' and', ' the', ' "', 'main', '"', ' cables', ' carry', ' the', ' load', ' to',
  ' towers', '.\n\n', 'Engineers', ' call', ' this', ' tension', ' at', ' work', '.',
];

export function tokensOf(count: number): string[] {
  const tokens = [firstTokenMarker];
  for (let index = 0; tokens.length < count; index += 1) tokens.push(tokenCycle[index % tokenCycle.length] ?? '.');
  return tokens.slice(0, count);
}

export interface BodySet {
  ollamaChat: Buffer;
  ollamaChatLines: Buffer[];
  ollamaGenerate: Buffer;
  ollamaGenerateLines: Buffer[];
  openAI: Buffer;
  /** Role chunk, content chunks, finish chunk; then `openAIUsage` when asked, then `openAIDone`. */
  openAIChunks: Buffer[];
  openAIUsage: Buffer;
  openAIDone: Buffer;
  shape: StreamShape;
}

const createdAt = '2024-08-01T12:00:00.123456789Z';
const created = 1722513600;
const promptTokens = 24;

function line(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`);
}

function event(value: unknown): Buffer {
  return Buffer.from(`data: ${JSON.stringify(value)}\n\n`);
}

function ollamaStats(evalCount: number): Record<string, number> {
  return {
    total_duration: 1_234_567_890,
    load_duration: 12_345_678,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 23_456_789,
    eval_count: evalCount,
    eval_duration: 987_654_321,
  };
}

function buildOllama(model: string, tokens: string[]): Pick<BodySet, 'ollamaChat' | 'ollamaChatLines' | 'ollamaGenerate' | 'ollamaGenerateLines'> {
  const stats = ollamaStats(tokens.length);
  const context = Array.from({ length: promptTokens + tokens.length }, (_, index) => 128_000 + ((index * 7919) % 1000));
  const chatDone = { model, created_at: createdAt, message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, ...stats };
  const generateDone = { model, created_at: createdAt, response: '', done: true, done_reason: 'stop', context, ...stats };
  return {
    ollamaChat: Buffer.from(JSON.stringify({ ...chatDone, message: { role: 'assistant', content: tokens.join('') } })),
    ollamaChatLines: [
      ...tokens.map((content) => line({ model, created_at: createdAt, message: { role: 'assistant', content }, done: false })),
      line(chatDone),
    ],
    ollamaGenerate: Buffer.from(JSON.stringify({ ...generateDone, response: tokens.join('') })),
    ollamaGenerateLines: [
      ...tokens.map((response) => line({ model, created_at: createdAt, response, done: false })),
      line(generateDone),
    ],
  };
}

function buildOpenAI(model: string, tokens: string[]): Pick<BodySet, 'openAI' | 'openAIChunks' | 'openAIUsage' | 'openAIDone'> {
  const id = 'chatcmpl-3f9a1c2b7d5e4a8c9b0d1e2f3a4b5c6d';
  const head = { id, object: 'chat.completion.chunk', created, model };
  const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens + tokens.length, completion_tokens: tokens.length };
  const choice = (delta: unknown, finish: string | null): unknown => ({ index: 0, delta, logprobs: null, finish_reason: finish });
  return {
    openAI: Buffer.from(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', reasoning_content: null, content: tokens.join(''), tool_calls: [] },
            logprobs: null,
            finish_reason: 'stop',
            stop_reason: null,
          },
        ],
        usage,
        prompt_logprobs: null,
      }),
    ),
    openAIChunks: [
      event({ ...head, choices: [choice({ role: 'assistant', content: '' }, null)] }),
      ...tokens.map((content) => event({ ...head, choices: [choice({ content }, null)] })),
      event({ ...head, choices: [{ ...(choice({ content: '' }, 'stop') as object), stop_reason: null }] }),
    ],
    openAIUsage: event({ ...head, choices: [], usage }),
    openAIDone: Buffer.from('data: [DONE]\n\n'),
  };
}

const cache = new Map<string, BodySet>();

/** The bodies for one model id, or undefined when the id names no shape. */
export function bodiesFor(model: string): BodySet | undefined {
  const cached = cache.get(model);
  if (cached) return cached;
  const shape = parseModelName(model);
  if (!shape || cache.size > 1000) return undefined;
  const tokens = tokensOf(shape.chunks);
  const set: BodySet = { ...buildOllama(model, tokens), ...buildOpenAI(model, tokens), shape };
  cache.set(model, set);
  return set;
}
