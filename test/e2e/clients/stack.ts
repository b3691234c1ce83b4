/**
 * What every client test runs against: one stand-in Ollama, one stand-in vLLM and two
 * gateways in front of both (one open, one with `server.api_keys`), each with three
 * connections: Ollama through /api/generate, Ollama through /api/chat (exposed under the
 * `chat/` prefix, so the two do not serve the same ids) and vLLM passed through.
 */
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';

/** One kind of connection the clients are run against, and the public ids it serves. */
export interface ConnectionKind {
  /** Used as the test title. */
  name: string;
  chatModel: string;
  embeddingModel: string;
  /** A model that reasons before it answers. */
  thinkingModel: string;
  /** An id of the same shape that no connection serves. */
  missingModel: string;
}

export const connectionKinds: ConnectionKind[] = [
  {
    name: 'ollama generate',
    chatModel: 'llama3.2:1b',
    embeddingModel: 'nomic-embed-text:latest',
    thinkingModel: 'qwen3:0.6b',
    missingModel: 'llama3.2:90b',
  },
  {
    name: 'ollama chat',
    chatModel: 'chat/llama3.2:1b',
    embeddingModel: 'chat/nomic-embed-text:latest',
    thinkingModel: 'chat/qwen3:0.6b',
    missingModel: 'chat/llama3.2:90b',
  },
  {
    name: 'openai_compatible',
    chatModel: 'Qwen/Qwen2.5-0.5B-Instruct',
    embeddingModel: 'BAAI/bge-small-en-v1.5',
    thinkingModel: 'Qwen/Qwen3-0.6B',
    missingModel: 'Qwen/Qwen2.5-72B-Instruct',
  },
];

/** Open WebUI's usual origin; both gateways allow it, as a browser Direct Connection needs. */
export const openWebUIOrigin = 'http://localhost:8080';

/** The key the secured gateway accepts. */
export const gatewayApiKey = 'sk-switchyard-test';

export interface ClientStack {
  /** Base URL of the open gateway, with /v1, as a client is configured. */
  baseURL: string;
  /** Base URL of the gateway that requires `gatewayApiKey`. */
  securedBaseURL: string;
  gateway: TestGateway;
  securedGateway: TestGateway;
  close(): Promise<void>;
}

export interface ClientStackOptions {
  /** Keep the gateways' log lines in `gateway.logs` (silent otherwise). */
  keepLogs?: boolean;
}

export async function startClientStack(options: ClientStackOptions = {}): Promise<ClientStack> {
  const ollama = await startStandInOllama({ chunkDelayMs: 1 });
  // vLLM serves one model per process; the stand-in serves a chat, an embedding and a reasoning model at once.
  const vllm = await startStandInOpenAI({ chunkDelayMs: 1, models: ['Qwen/Qwen2.5-0.5B-Instruct', 'BAAI/bge-small-en-v1.5', 'Qwen/Qwen3-0.6B'] });
  const config: ConfigInput = {
    server: { log_level: options.keepLogs === true ? 'info' : 'silent', cors_origins: [openWebUIOrigin] },
    connections: [
      { name: 'ollama-generate', mode: 'ollama', base_url: ollama.url, ollama_api: 'generate' },
      { name: 'ollama-chat', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat', prefix: 'chat' },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
    ],
  };
  const gateway = await startTestGateway(config);
  const securedGateway = await startTestGateway({ ...config, server: { ...config.server, api_keys: [gatewayApiKey] } });
  return {
    baseURL: `${gateway.url}/v1`,
    securedBaseURL: `${securedGateway.url}/v1`,
    gateway,
    securedGateway,
    async close() {
      await Promise.all([gateway.close(), securedGateway.close()]);
      await Promise.all([ollama.close(), vllm.close()]);
    },
  };
}
