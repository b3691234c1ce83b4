/**
 * The command line: `switchyard [check] [--config FILE] [--port N] [--host H]`. Without a
 * command the gateway serves; `check` validates the file and tries each connection.
 */
import { parseArgs } from 'node:util';

export type Command = 'serve' | 'check';

export interface CommandLine {
  command: Command;
  configFile: string;
  port: number | undefined;
  host: string | undefined;
}

export class UsageError extends Error {}

function parsePort(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${source}: '${value}' is not a port number (0-65535)`);
  return port;
}

function readCommand(positionals: string[]): Command {
  const [command, ...rest] = positionals;
  if (command === undefined) return 'serve';
  if (command !== 'check') throw new UsageError(`unknown command '${command}' (the one command is: check)`);
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}' after '${command}'`);
  return command;
}

/** The command, then `--config`, `--port`, `--host`, falling back to SWITCHYARD_CONFIG, PORT and HOST. */
export function readCommandLine(argv: string[], environment: NodeJS.ProcessEnv): CommandLine {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    command: readCommand(positionals),
    configFile: values.config ?? (environment.SWITCHYARD_CONFIG || 'gateway.config.yaml'),
    port: parsePort(values.port, '--port') ?? parsePort(environment.PORT, 'PORT'),
    host: values.host ?? (environment.HOST || undefined),
  };
}
