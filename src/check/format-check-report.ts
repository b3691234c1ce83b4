/**
 * The report `switchyard check` prints: one block per connection, one line per check
 * with a word a CI log shows as is (ok, warn, FAIL, skip), and a last line with the verdict.
 */
import type { CheckOutcome, ConnectionCheck } from './check-connection.js';

const words: Record<CheckOutcome, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export function hasProblem(check: ConnectionCheck): boolean {
  return check.results.some((result) => result.outcome === 'fail');
}

export function formatCheckReport(checks: readonly ConnectionCheck[]): string {
  if (checks.length === 0) return 'warn  no connections are configured: nothing to try\n';
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${check.name} (${check.mode}, ${check.baseUrl})`);
    for (const { check: name, outcome, detail } of check.results) lines.push(`  ${words[outcome].padEnd(4)}  ${name.padEnd(12)}  ${detail}`);
  }
  const failing = checks.filter(hasProblem);
  const count = (n: number) => `${n} connection${n === 1 ? '' : 's'}`;
  lines.push(
    '',
    failing.length === 0
      ? `check passed: ${count(checks.length)} reachable, listing models`
      : `check failed: ${failing.length} of ${count(checks.length)} with a problem (${failing.map((check) => check.name).join(', ')})`,
  );
  return `${lines.join('\n')}\n`;
}
