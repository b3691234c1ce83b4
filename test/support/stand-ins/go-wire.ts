/**
 * How a Go server (Ollama) writes JSON and times: `encoding/json` escapes <, > and & as
 * \u003c, \u003e and \u0026 (and U+2028/U+2029), and `time.Time` marshals as RFC 3339
 * with nanoseconds, trailing zeros trimmed ("2025-02-18T14:18:49.4057038Z").
 */
import { hrtime } from 'node:process';

const clockOrigin = { epochNanoseconds: BigInt(Date.now()) * 1_000_000n, monotonic: hrtime.bigint() };

/** JSON.stringify, then Go's HTML-safe escaping (only strings can hold these characters). */
export function encodeGoJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Nanoseconds since the Unix epoch, from a monotonic clock anchored at start-up. */
export function nowInNanoseconds(): bigint {
  return clockOrigin.epochNanoseconds + (hrtime.bigint() - clockOrigin.monotonic);
}

/** A UTC instant in Go's RFC3339Nano form. */
export function formatGoTime(epochNanoseconds: bigint): string {
  const milliseconds = epochNanoseconds / 1_000_000n;
  const seconds = new Date(Number(milliseconds)).toISOString().slice(0, 19);
  const fraction = (epochNanoseconds % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction.length > 0 ? `.${fraction}` : ''}Z`;
}

/** `formatGoTime` of the current instant, as Ollama stamps `created_at`. */
export function formatGoNow(): string {
  return formatGoTime(nowInNanoseconds());
}
