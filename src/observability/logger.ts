/**
 * The gateway's logger: pino JSON lines on stdout (or a given stream), at the level of
 * `server.log_level`; short human lines instead when `server.log_format` asks for them, or
 * by default when stdout is a terminal. Request logs carry ids, labels, timings and token
 * counts, never prompts or completions (unless `server.log_bodies` is on); keys and upstream
 * headers are redacted wherever a log call might carry them.
 */
import { destination as openDestination, pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { createPrettyDestination } from './pretty-log.js';

export type { Logger };

/** `auto`: human lines when writing to a terminal, JSON otherwise (files, pipes, log collectors). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Paths censored in every log line, in case an object holding a secret gets logged whole. */
const redactedPaths = [
  'api_key',
  'api_keys',
  'authorization',
  'headers.authorization',
  '*.api_key',
  '*.api_keys',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  'config.server.api_keys',
  'config.connections[*].api_key',
  'config.connections[*].headers',
];

/** Whether lines are written for people: asked for, or `auto` and going to a terminal. */
export function writesPretty(format: LogFormat, toTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && toTerminal);
}

/**
 * Writes to `destination`, else stdout. `auto` means JSON for a given destination (tests
 * parse it) and for a stdout that is not a terminal.
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream, format: LogFormat = 'auto'): Logger {
  const toTerminal = destination === undefined && process.stdout.isTTY === true;
  const pretty = writesPretty(format, toTerminal);
  const options = {
    level,
    base: { service: 'switchyard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  if (!pretty) return pino(options, destination);
  const out = destination ?? openDestination({ dest: 1, sync: true });
  return pino(options, createPrettyDestination(out, { color: toTerminal && !process.env.NO_COLOR }));
}
