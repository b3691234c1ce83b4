/**
 * Short, human log lines for a terminal, from pino's JSON lines:
 * `14:03:07 INFO  POST /v1/chat/completions model=chat connection=ollama 200 123ms`.
 * A pino destination that turns each line as it is written, synchronously (no worker
 * thread, no line lost at exit); redaction has already happened in pino.
 */
import type { DestinationStream } from 'pino';

export interface PrettyOptions {
  /** ANSI colours; off for anything but a terminal, and when NO_COLOR is set (no-color.org). */
  color: boolean;
}

type LogRecord = Record<string, unknown>;

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const levelColors: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '1;31' };
/** Fields every line has, or that the request part of a line already shows. */
const omittedKeys = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);
const requestKeys = new Set([
  'request_id',
  'method',
  'route',
  'model',
  'connection',
  'status',
  'stream',
  'duration_ms',
  'ttft_ms',
  'prompt_tokens',
  'completion_tokens',
  'client_aborted',
  'error',
]);

function paint(text: string, code: string, options: PrettyOptions): string {
  return options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function formatClock(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  if (Number.isNaN(date.getTime())) return '--:--:--';
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** Bare when unambiguous, JSON-quoted when a value holds spaces, quotes or `=`. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function formatStatus(status: number, options: PrettyOptions): string {
  const code = status >= 500 ? '31' : status >= 400 ? '33' : '32';
  return paint(String(status), code, options);
}

/** `POST /v1/chat/completions model=chat connection=ollama 200 123ms ttft=40ms tokens=12->34 stream` */
function formatRequest(record: LogRecord, options: PrettyOptions): string {
  const parts = [`${String(record.method)} ${String(record.route)}`];
  if (record.model !== undefined && record.model !== 'unknown') parts.push(`model=${formatValue(record.model)}`);
  if (record.connection !== undefined && record.connection !== 'none') parts.push(`connection=${formatValue(record.connection)}`);
  const status = Number(record.status);
  parts.push(formatStatus(status, options), `${String(record.duration_ms)}ms`);
  if (record.ttft_ms !== undefined) parts.push(`ttft=${String(record.ttft_ms)}ms`);
  if (record.prompt_tokens !== undefined || record.completion_tokens !== undefined) {
    parts.push(`tokens=${String(record.prompt_tokens ?? '?')}->${String(record.completion_tokens ?? '?')}`);
  }
  if (record.stream === true) parts.push('stream');
  if (record.client_aborted === true) parts.push('client-closed');
  if (record.error !== undefined) parts.push(`error=${formatValue(record.error)}`);
  // The id ties a failure a client reports to this line; successes do not need it.
  if ((status >= 500 || record.error !== undefined) && record.request_id !== undefined) parts.push(`id=${formatValue(record.request_id)}`);
  return parts.join(' ');
}

/** A field the message already spells out (`listening on http://…` and its `url`) is not repeated. */
function isInMessage(value: unknown, message: string): boolean {
  return (typeof value === 'string' || typeof value === 'number') && String(value).length >= 4 && message.includes(String(value));
}

function formatFields(record: LogRecord, skipped: ReadonlySet<string>, options: PrettyOptions): string[] {
  const parts: string[] = [];
  const message = typeof record.msg === 'string' ? record.msg : '';
  for (const [key, value] of Object.entries(record)) {
    if (omittedKeys.has(key) || skipped.has(key) || value === undefined || isInMessage(value, message)) continue;
    if (key === 'err' && typeof value === 'object' && value !== null) {
      parts.push(`${paint('err=', '2', options)}${formatValue((value as { message?: unknown }).message ?? value)}`);
      continue;
    }
    parts.push(`${paint(`${key}=`, '2', options)}${formatValue(value)}`);
  }
  return parts;
}

/** One record as one line (plus the stack of a logged error, indented, on the lines after). */
export function formatLogRecord(record: LogRecord, options: PrettyOptions): string {
  const level = typeof record.level === 'number' ? record.level : 30;
  const name = (levelNames[level] ?? 'LOG').padEnd(5);
  const head = `${paint(formatClock(record.time), '2', options)} ${paint(name, levelColors[level] ?? '0', options)}`;
  const isRequest = record.msg === 'request' && typeof record.method === 'string' && typeof record.route === 'string';
  const body = isRequest ? [formatRequest(record, options), ...formatFields(record, requestKeys, options)] : [String(record.msg ?? ''), ...formatFields(record, new Set(), options)];
  let line = `${head} ${body.filter((part) => part !== '').join(' ')}`;
  const stack = (record.err as { stack?: unknown } | undefined)?.stack;
  if (typeof stack === 'string') line += `\n${stack.split('\n').slice(1).map((frame) => `    ${frame.trim()}`).join('\n')}`;
  return `${line}\n`;
}

/** A pino destination writing human lines to `out`; a line that is not JSON passes as it is. */
export function createPrettyDestination(out: DestinationStream, options: PrettyOptions): DestinationStream {
  return {
    write(line: string) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        out.write(line);
        return;
      }
      out.write(typeof record === 'object' && record !== null ? formatLogRecord(record as LogRecord, options) : line);
    },
  };
}
