import type { z } from 'zod';
import { invalidRequest } from '../../core/gateway-error.js';

/**
 * Checks a request body against its OpenAI schema again. The gateway validated it already;
 * doing it here keeps every translation function total: whatever it is given, it either
 * translates or throws a GatewayError naming the field.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? '' : formatPath(issue.path);
  const reason = issue?.message ?? 'invalid request';
  return throwInvalid(field, reason);
}

function throwInvalid(field: string, reason: string): never {
  if (field === '') {
    throw invalidRequest(null, `Invalid request body: ${reason}.`);
  }
  throw invalidRequest(field, `Invalid value for '${field}': ${reason}.`);
}

/** `['messages', 2, 'content']` → `messages[2].content`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') {
      return `${text}[${key}]`;
    }
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}
