import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** JSON lines on stdout. Keys and prompt text are redacted wherever they might appear. */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'switchyard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.authorization', '*.headers.authorization', '*.api_key', '*.apiKey', 'config.connections[*].api_key'],
      censor: '[redacted]',
    },
  },
    destination,
  );
}
