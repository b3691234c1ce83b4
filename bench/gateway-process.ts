/**
 * Starts the gateway as a child process with a generated config whose connections point at
 * the stand-in upstream: one OpenAI-compatible (passthrough), one Ollama /api/chat and one
 * Ollama /api/generate. Fixed model lists, so nothing is discovered while measuring.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelNamesOf } from './bench-models.js';
import { freePort, startChild, type ChildHandle } from './child-process.js';

export type GatewayLogLevel = 'silent' | 'info';

export function gatewayConfig(upstreamPort: number, port: number, logLevel: GatewayLogLevel): unknown {
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  return {
    server: { host: '127.0.0.1', port, log_level: logLevel },
    connections: [
      { name: 'bench-vllm', mode: 'openai_compatible', base_url: `${upstream}/v1`, models: modelNamesOf('vllm') },
      { name: 'bench-ollama-chat', mode: 'ollama', ollama_api: 'chat', base_url: upstream, models: modelNamesOf('ochat') },
      { name: 'bench-ollama-generate', mode: 'ollama', ollama_api: 'generate', base_url: upstream, models: modelNamesOf('ogen') },
    ],
  };
}

export interface GatewayStart {
  entry: string;
  resultsDir: string;
  upstreamPort: number;
  cores: string | undefined;
  nodeFlags: string[];
  logLevel: GatewayLogLevel;
}

/** undefined when the gateway has not been built yet. */
export async function startGateway(start: GatewayStart): Promise<ChildHandle | undefined> {
  if (!existsSync(start.entry)) return undefined;
  mkdirSync(start.resultsDir, { recursive: true });
  const port = await freePort();
  const configFile = join(start.resultsDir, `gateway-${start.logLevel}.yaml`);
  // JSON is YAML, and needs no YAML writer.
  writeFileSync(configFile, `${JSON.stringify(gatewayConfig(start.upstreamPort, port, start.logLevel), null, 2)}\n`);
  return startChild({
    name: `gateway (log ${start.logLevel})`,
    nodeArgs: [...start.nodeFlags, start.entry, '--config', configFile, '--port', String(port), '--host', '127.0.0.1'],
    cores: start.cores,
    ready: { kind: 'health', port },
    logFile: join(start.resultsDir, `gateway-${start.logLevel}.log`),
    timeoutMs: 20_000,
  });
}
