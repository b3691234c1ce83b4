/**
 * dashboards/switchyard-grafana.json: the panels operators look for, queries of contract
 * metrics only, and PromQL that promtool parses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirePromtool } from '../support/promtool.js';

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/switchyard-grafana.json', import.meta.url), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query: unknown }> };
};
const contractMetrics = [
  'switchyard_requests_total',
  'switchyard_request_duration_seconds',
  'switchyard_time_to_first_token_seconds',
  'switchyard_tokens_total',
  'switchyard_upstream_errors_total',
  'switchyard_inflight_requests',
  'switchyard_connection_up',
];
const expressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

/** Grafana's variables replaced by what Prometheus would see, so promtool can parse the queries. */
function toPromQL(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replace(/\$(job|instance|connection|model)\b/g, '.*');
}

describe('dashboards/switchyard-grafana.json', () => {
  it('has the panels operators look for', () => {
    const titles = dashboard.panels.map((panel) => panel.title).join('\n');
    for (const wanted of [/request rate/i, /error rate per connection/i, /p95 .*per model/i, /first token p50 \/ p95/i, /tokens per second/i, /in-flight/i, /connection up/i]) {
      expect(titles).toMatch(wanted);
    }
  });

  it('queries only metrics of the contract', () => {
    expect(expressions.length).toBeGreaterThanOrEqual(9);
    for (const { expr } of expressions) {
      for (const [name] of expr.matchAll(/switchyard_[a-z_]+/g)) {
        expect(contractMetrics.some((metric) => name === metric || name === `${metric}_bucket`)).toBe(true);
      }
    }
  });

  it('has queries promtool parses as PromQL', (context) => {
    const promtool = requirePromtool(context);
    const rules = expressions.map(({ expr }, index) => `      - record: dashboard:query_${index}\n        expr: ${JSON.stringify(toPromQL(expr))}`).join('\n');
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-'));
    try {
      const file = join(directory, 'dashboard-rules.yml');
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const result = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${expressions.length} rules found`);
      expect(result.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
