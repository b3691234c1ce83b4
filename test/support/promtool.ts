/**
 * promtool (Debian's `prometheus` package; scripts/ensure-promtool.sh installs it) for the
 * checks that validate a live /metrics scrape and the dashboard's queries. On a machine
 * without it those checks are skipped, each saying so and why; in CI (`CI` set) a missing
 * promtool fails them, so CI never passes without having run them.
 */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'vitest';

const missing = 'promtool is not installed: run `bash scripts/ensure-promtool.sh` (it installs Debian\'s prometheus package)';

/** The path of promtool; skips the test (locally) or fails it (in CI) when there is none. */
export function requirePromtool(context: TestContext): string {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path !== '') return path;
  if (process.env.CI) throw new Error(`${missing}; CI must run this check`);
  return context.skip(`${missing}; CI runs it`);
}
