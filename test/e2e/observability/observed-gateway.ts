/**
 * A gateway in front of a stand-in Ollama and a stand-in vLLM, with small helpers to send
 * traffic and scrape what the metrics show once responses have closed.
 */
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { scrape, type Sample } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI, type StandInOpenAIOptions } from '../../support/stand-ins/stand-in-openai.js';
import type { OpenAIStandIn, StandIn, StandInOptions } from '../../support/stand-ins/stand-in-types.js';

export const vllmModel = 'Qwen/Qwen2.5-0.5B-Instruct';
export const upstreamApiKey = 'sk-upstream-key-do-not-log-4711';

export interface ObservedGateway {
  gateway: TestGateway;
  ollama: StandIn;
  vllm: OpenAIStandIn;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  chat(model: string, text: string, extra?: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  scrape(): Promise<Sample[]>;
  close(): Promise<void>;
}

export interface ObservedOptions {
  ollama?: StandInOptions;
  vllm?: StandInOpenAIOptions;
  /** Changes to the gateway configuration, applied after the defaults. */
  configure?(config: ConfigInput): ConfigInput;
}

/** `ollama` (generate API, alias `chat` → llama3.2:1b) and `vllm` (passthrough, with an upstream key). */
export async function startObservedGateway(options: ObservedOptions = {}): Promise<ObservedGateway> {
  const ollama = await startStandInOllama({ chunkDelayMs: 1, ...options.ollama });
  const vllm = await startStandInOpenAI({ chunkDelayMs: 1, apiKey: upstreamApiKey, ...options.vllm });
  const base: ConfigInput = {
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url, failure_threshold: 1000 },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, api_key: upstreamApiKey, failure_threshold: 1000 },
    ],
    models: [{ name: 'chat', connection: 'ollama', model: 'llama3.2:1b' }],
  };
  const gateway = await startTestGateway(options.configure ? options.configure(base) : base);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => postJson(gateway.url + path, body, { headers });
  return {
    gateway,
    ollama,
    vllm,
    post,
    chat: (model, text, extra = {}, headers = {}) => post('/v1/chat/completions', { model, messages: [{ role: 'user', content: text }], ...extra }, headers),
    scrape: () => scrape(gateway.url),
    async close() {
      await gateway.close();
      await Promise.all([ollama.close(), vllm.close()]);
    },
  };
}
