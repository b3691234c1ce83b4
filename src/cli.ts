#!/usr/bin/env node
/**
 * `switchyard [--config FILE] [--port N] [--host H]`: loads the configuration, serves,
 * reloads it on SIGHUP or when the file changes, and shuts down gracefully on
 * SIGTERM/SIGINT. `switchyard check --config FILE` validates the file and tries each
 * connection. Configuration errors exit 2 before anything listens.
 */
import { dirname, resolve } from 'node:path';
import { readCommandLine, UsageError, type CommandLine } from '../config/cli-args.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { GatewayConfig } from '../config/schema.js';
import { runCheck } from './check/run-check.js';
import { createLogger, type Logger } from './observability/logger.js';
import { ConfigReloader } from './reload/config-reloader.js';
import { watchConfigFile, type ConfigFileWatcher } from './reload/watch-config-file.js';
import { startGateway, type RunningGateway } from './server.js';

let running: RunningGateway | undefined;
let reloader: ConfigReloader | undefined;
let watcher: ConfigFileWatcher | undefined;
let logger: Logger | undefined;
let stopping = false;
/** A SIGHUP that came while starting: the file is read again once the gateway is up. */
let hungUpWhileStarting = false;

/** Installed before listening, so a signal sent the moment the gateway is up still exits 0. */
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  watcher?.close();
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

/** Without a handler SIGHUP would end the process; with one it reloads. */
function hangUp(): void {
  if (stopping) return;
  if (reloader) void reloader.request('SIGHUP');
  else hungUpWhileStarting = true;
}

/** The file as start and every reload read it: validated, then the command line's overrides. */
async function readConfig(commandLine: CommandLine): Promise<GatewayConfig> {
  const config = await loadConfig(commandLine.configFile);
  if (commandLine.port !== undefined) config.server.port = commandLine.port;
  if (commandLine.host !== undefined) config.server.host = commandLine.host;
  return config;
}

async function serve(commandLine: CommandLine): Promise<void> {
  const config = await readConfig(commandLine);
  logger = createLogger(config.server.log_level, undefined, config.server.log_format);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', hangUp);
  const gateway = await startGateway(config, logger, { baseDir: dirname(resolve(commandLine.configFile)) });
  running = gateway;
  reloader = new ConfigReloader({
    read: () => readConfig(commandLine),
    apply: (next, trigger) => gateway.reload(next, trigger),
    liveVersion: () => gateway.configVersion,
    logger,
  });
  const reload = reloader;
  watcher = watchConfigFile(commandLine.configFile, () => void reload.request('file change'), { logger });
  logger.info(
    {
      host: config.server.host,
      port: gateway.port,
      url: gateway.url,
      config: commandLine.configFile,
      config_version: gateway.configVersion,
      connections: config.connections.map(({ name, mode, base_url }) => ({ name, mode, base_url })),
    },
    `switchyard listening on ${gateway.url}`,
  );
  if (hungUpWhileStarting) void reload.request('SIGHUP');
}

async function main(): Promise<void> {
  const commandLine = readCommandLine(process.argv.slice(2), process.env);
  if (commandLine.command === 'check') process.exitCode = await runCheck(commandLine.configFile, process.stdout);
  else await serve(commandLine);
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
