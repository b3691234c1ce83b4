/**
 * Validates a request that the gateway translates, turning the first schema problem into
 * a 400 whose `param` and message name the field.
 */
import type { z } from 'zod';
import { GatewayError, invalidRequest, missingField } from '../../core/gateway-error.js';
import { formatParam } from './format-param.js';
import { typeOfValue } from './type-of-value.js';

type Issue = z.core.$ZodIssue;


function valueAt(body: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined), body);
}

/** Issues raised only once a value has the right type: its size, format or a refinement. */
const constraintCodes = new Set<string>(['too_big', 'too_small', 'invalid_format', 'not_multiple_of', 'custom']);

/**
 * For a union that matched no branch, the branch that got furthest explains best what is
 * wrong (its sub-issue paths are relative to the union): the deepest issue, and at equal
 * depth one from a branch whose type matched (`stop` with 100 entries is an array that is
 * too long, not "an array is not accepted").
 */
function explainUnion(issue: Issue & { code: 'invalid_union' }, path: PropertyKey[]): { issue: Issue; path: PropertyKey[] } | undefined {
  let best: Issue | undefined;
  const rank = (candidate: Issue) => candidate.path.length * 2 + (constraintCodes.has(candidate.code) ? 1 : 0);
  for (const branch of issue.errors) {
    for (const candidate of branch) {
      if (!best || rank(candidate) > rank(best)) best = candidate;
    }
  }
  if (!best || (best.path.length === 0 && !constraintCodes.has(best.code))) return undefined;
  // `path` is where this union sits in the body (a union inside a union's branch is named
  // relative to that branch, so its own `issue.path` alone loses the outer prefix).
  return { issue: best, path: [...path, ...best.path] };
}

function describe(issue: Issue, path: PropertyKey[], body: unknown): GatewayError {
  const param = formatParam(path);
  const value = valueAt(body, path);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) return missingField(param);
  if (issue.code === 'invalid_union') {
    if ((issue as { note?: string }).note === 'No matching discriminator') {
      const allowed = (issue as { options?: unknown[] }).options?.map((option) => `'${String(option)}'`).join(', ');
      return invalidRequest(param, `Invalid value for '${param}': ${JSON.stringify(value)} is not supported${allowed ? `; expected one of ${allowed}` : ''}.`);
    }
    const deeper = explainUnion(issue, path);
    if (deeper) return describe(deeper.issue, deeper.path, body);
    return invalidRequest(param, `Invalid type for '${param}': ${typeOfValue(value)} is not accepted here.`, 'invalid_type');
  }
  if (issue.code === 'invalid_type') {
    return invalidRequest(param, `Invalid type for '${param}': expected ${issue.expected}, got ${typeOfValue(value)}.`, 'invalid_type');
  }
  if (issue.code === 'too_small' && Array.isArray(value)) return invalidRequest(param, `'${param}' must not be empty.`);
  return invalidRequest(param, `Invalid '${param}': ${issue.message}.`);
}

export function validateRequest<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw issue ? describe(issue, [...issue.path], body) : invalidRequest(null, 'Invalid request body.');
}
