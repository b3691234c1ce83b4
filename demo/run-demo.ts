/**
 * `npm run demo`: a stand-in Ollama, a stand-in vLLM and the gateway in front of both, so
 * every endpoint can be tried with curl without any model installed.
 */
import { configSchema } from '../config/schema.js';
import { createLogger } from '../src/observability/logger.js';
import { startGateway } from '../src/server.js';
import { startStandInOllama } from '../test/support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../test/support/stand-ins/stand-in-openai.js';

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

const ollama = await startStandInOllama({ chunkDelayMs: 40 });
const vllm = await startStandInOpenAI({ chunkDelayMs: 40 });
const config = configSchema.parse({
  server: { host, port },
  connections: [
    { name: 'demo-ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'generate' },
    { name: 'demo-ollama-chat', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat', prefix: 'chat' },
    { name: 'demo-vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
  ],
  models: [{ name: 'assistant', connection: 'demo-ollama', model: 'llama3.2:1b', defaults: { max_tokens: 256 } }],
});
const logger = createLogger('info');
const gateway = await startGateway(config, logger);
logger.info({ ollama: ollama.url, vllm: vllm.baseUrl }, 'stand-in upstreams running');
process.stdout.write(
  [
    '',
    `Switchyard demo on ${gateway.url}`,
    `  curl ${gateway.url}/v1/models`,
    `  curl ${gateway.url}/v1/chat/completions -H 'content-type: application/json' \\`,
    `    -d '{"model":"llama3.2:1b","messages":[{"role":"user","content":"Hello"}],"stream":true}'`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await gateway.close();
  await Promise.all([ollama.close(), vllm.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
