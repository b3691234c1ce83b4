#!/usr/bin/env node
/**
 * `switchyard [--config FILE] [--port N] [--host H]`: loads the configuration, serves,
 * and shuts down gracefully on SIGTERM/SIGINT. Configuration errors exit non-zero before
 * anything listens.
 */
import { dirname, resolve } from 'node:path';
import { readCommandLine, UsageError } from '../config/cli-args.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { createLogger, type Logger } from './observability/logger.js';
import { startGateway, type RunningGateway } from './server.js';

let running: RunningGateway | undefined;
let logger: Logger | undefined;
let stopping = false;

/** Installed before listening, so a signal sent the moment the gateway is up still exits 0. */
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  if (!running) process.exit(0);
  logger?.info({ signal }, 'shutting down: finishing in-flight requests');
  running.close().then(
    () => {
      logger?.info('stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger?.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  const commandLine = readCommandLine(process.argv.slice(2), process.env);
  const config = await loadConfig(commandLine.configFile);
  if (commandLine.port !== undefined) config.server.port = commandLine.port;
  if (commandLine.host !== undefined) config.server.host = commandLine.host;
  logger = createLogger(config.server.log_level, undefined, config.server.log_format);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  running = await startGateway(config, logger, { baseDir: dirname(resolve(commandLine.configFile)) });
  logger.info(
    {
      host: config.server.host,
      port: running.port,
      url: running.url,
      config: commandLine.configFile,
      connections: config.connections.map(({ name, mode, base_url }) => ({ name, mode, base_url })),
    },
    `switchyard listening on ${running.url}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`switchyard: ${error.message}\n`);
    process.exit(2);
  }
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    process.stderr.write(`switchyard: cannot listen: ${message}\n`);
    process.exit(1);
  }
  process.stderr.write(`switchyard: ${error instanceof Error ? (error.stack ?? message) : String(error)}\n`);
  process.exit(1);
});
