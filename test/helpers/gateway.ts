/**
 * Starts gateways for tests: on 127.0.0.1, a free port, a silent logger unless a test
 * wants to read the log lines.
 */
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../../config/schema.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { createLogger } from '../../src/observability/logger.js';

export type ConfigInput = z.input<typeof configSchema>;

export interface TestGateway extends RunningGateway {
  /** Log lines written so far, parsed. */
  logs: Array<Record<string, unknown>>;
}

export async function startTestGateway(input: ConfigInput): Promise<TestGateway> {
  const config = configSchema.parse({
    ...input,
    server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 2000, ...input.server },
    health_checks: { interval_ms: 60_000, timeout_ms: 2000, ...input.health_checks },
  });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger(config.server.log_level === 'silent' ? 'silent' : 'debug', sink);
  const running = await startGateway(config, logger);
  return Object.assign(running, { logs });
}

/** Things a test starts and must stop: gateways, stand-ins, fake upstreams. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Closes, newest first, everything registered during a test once it ends. Call at the top
 * of a test file; `track` returns what it is given.
 */
export function closeAfterEach(): <Resource extends Closable>(resource: Resource) => Resource {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}
