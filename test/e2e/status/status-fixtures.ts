/**
 * A gateway for the status tests: `ollama` in front of a stand-in Ollama (alias `chat` →
 * llama3.2:1b), `vllm` in front of a fake OpenAI-compatible upstream whose streams a test
 * can hold open. Every import from the shared test support sits here, in one place.
 */
import type { ServerResponse } from 'node:http';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { createGate, type Gate } from '../../support/gate.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../../support/stand-ins/stand-in-types.js';

export { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
export { eventually } from '../../support/eventually.js';
export { postJson } from '../../support/post-json.js';
export { openStream } from '../../support/open-stream.js';

export const heldModel = 'held-model';

export interface StatusFixture {
  gateway: TestGateway;
  ollama: StandIn;
  vllm: FakeUpstream;
  /** Makes the next streamed answer from `vllm` send one chunk and wait until the gate opens. */
  holdNextStream(): Gate;
  close(): Promise<void>;
}

export interface StatusFixtureOptions {
  healthIntervalMs?: number;
  server?: ConfigInput['server'];
}

function writeChunk(res: ServerResponse, content: string): void {
  const chunk = { id: 'chatcmpl-held', object: 'chat.completion.chunk', created: 1_700_000_000, model: heldModel, choices: [{ index: 0, delta: { content }, finish_reason: null }] };
  res.write(`data: ${JSON.stringify(chunk)}\n\n`);
}

export async function startStatusFixture(options: StatusFixtureOptions = {}): Promise<StatusFixture> {
  const ollama = await startStandInOllama({ chunkDelayMs: 1, models: ['llama3.2:1b'] });
  const vllm = await startFakeUpstream({ models: [heldModel], name: 'vllm' });
  const gateway = await startTestGateway({
    server: { log_level: 'silent', ...options.server },
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
    ],
    models: [{ name: 'chat', connection: 'ollama', model: 'llama3.2:1b' }],
    health_checks: { interval_ms: options.healthIntervalMs ?? 60_000, timeout_ms: 1000 },
  });
  const defaultHandler = vllm.handle;
  return {
    gateway,
    ollama,
    vllm,
    holdNextStream() {
      const gate = createGate();
      vllm.handle = async (_req, res) => {
        vllm.handle = defaultHandler;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        writeChunk(res, 'Hello');
        await gate.promise;
        writeChunk(res, ' world');
        res.end('data: [DONE]\n\n');
      };
      return gate;
    },
    async close() {
      await gateway.close();
      await Promise.all([ollama.close(), vllm.close()]);
    },
  };
}
