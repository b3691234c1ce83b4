/**
 * Starts the gateway as a child process with a generated config: for the scenarios, one
 * whose connections point at the stand-in upstream (one OpenAI-compatible for passthrough,
 * one Ollama /api/chat and one Ollama /api/generate); for the fleet, its own (see
 * fleet/fleet-gateway-config.ts). Fixed model lists, so nothing is discovered while measuring.
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
  cores: string | undefined;
  nodeFlags: string[];
  /** Names the config and log files (gateway-NAME.yaml, gateway-NAME.log) and the child. */
  name: string;
  /** The configuration, given the port the gateway is to listen on. */
  configFor: (port: number) => unknown;
}

/** undefined when the gateway has not been built yet. */
export async function startGateway(start: GatewayStart): Promise<ChildHandle | undefined> {
  if (!existsSync(start.entry)) return undefined;
  mkdirSync(start.resultsDir, { recursive: true });
  const port = await freePort();
  const configFile = join(start.resultsDir, `gateway-${start.name}.yaml`);
  // JSON is YAML, and needs no YAML writer.
  writeFileSync(configFile, `${JSON.stringify(start.configFor(port), null, 2)}\n`);
  return startChild({
    name: `gateway (${start.name})`,
    nodeArgs: [...start.nodeFlags, start.entry, '--config', configFile, '--port', String(port), '--host', '127.0.0.1'],
    cores: start.cores,
    ready: { kind: 'health', port },
    logFile: join(start.resultsDir, `gateway-${start.name}.log`),
    timeoutMs: 20_000,
  });
}
