/**
 * A gateway in front of a stand-in llama-server (one passthrough connection, `llama`), and
 * the official OpenAI SDK pointed at the gateway, as a user would have them.
 */
import OpenAI from 'openai';
import type { Track } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { startStandInLlamaServer, type LlamaServerStandIn, type StandInLlamaServerOptions } from '../../support/stand-ins/stand-in-llama-server.js';

export const LLAMA_MODEL = 'models/tiny-qwen-tools.gguf';

export interface LlamaStack {
  llama: LlamaServerStandIn;
  gateway: TestGateway;
  client: OpenAI;
}

export interface LlamaStackOptions {
  llama?: StandInLlamaServerOptions;
  /** Settings of the `llama` connection beyond its base URL. */
  connection?: Record<string, unknown>;
  configure?(config: ConfigInput): ConfigInput;
}

export async function startLlamaStack(track: Track, options: LlamaStackOptions = {}): Promise<LlamaStack> {
  const llama = track(await startStandInLlamaServer({ chunkDelayMs: 1, ...options.llama }));
  const base: ConfigInput = { connections: [{ name: 'llama', mode: 'openai_compatible', base_url: llama.baseUrl, ...options.connection }] };
  const gateway = track(await startTestGateway(options.configure ? options.configure(base) : base));
  // No retries: a request the gateway fails must show, not be hidden by the SDK trying again.
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  return { llama, gateway, client };
}

/** The text of a streamed chat, read to the end with the SDK. */
export async function streamText(client: OpenAI, content: string, model = LLAMA_MODEL): Promise<string> {
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

/** Runs every step, one after the other, and lists the ones that threw, so a test shows how many failed and why. */
export async function collectFailures(steps: Array<() => Promise<unknown>>): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, step] of steps.entries()) {
    await step().catch((error: unknown) => failures.push(`#${index + 1}: ${error instanceof Error ? error.message : String(error)}`));
  }
  return failures;
}
