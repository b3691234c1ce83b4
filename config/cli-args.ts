import { parseArgs } from 'node:util';

export interface CommandLine {
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

/** `--config`, `--port`, `--host`, falling back to SWITCHYARD_CONFIG, PORT and HOST. */
export function readCommandLine(argv: string[], environment: NodeJS.ProcessEnv): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    configFile: values.config ?? (environment.SWITCHYARD_CONFIG || 'gateway.config.yaml'),
    port: parsePort(values.port, '--port') ?? parsePort(environment.PORT, 'PORT'),
    host: values.host ?? (environment.HOST || undefined),
  };
}
