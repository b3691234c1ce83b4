/**
 * The gateway's logger: pino JSON lines on stdout (or a given stream), at the level of
 * `server.log_level`. Request logs carry ids, labels, timings and token counts, never
 * prompts or completions (unless `server.log_bodies` is on); keys and upstream headers are
 * redacted wherever a log call might carry them.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

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

export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchyard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    destination,
  );
}
