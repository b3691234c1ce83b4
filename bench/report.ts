/**
 * The printed table (ratios first, the stack floor's leading, then absolute figures, then
 * the target bars), the same table as Markdown, and the raw numbers as JSON in
 * bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioOutcome } from './bench-context.js';
import type { Row } from './summaries.js';

export interface ReportMeta {
  date: string;
  machine: string;
  node: string;
  layout: string;
  profile: string;
  gateway: string;
  durationSeconds?: number;
  contention?: string;
}

const headers = ['metric', 'unit', 'gw÷floor', 'gw÷bare', 'floor÷bare', 'gw÷direct', 'gateway', 'floor', 'bare', 'direct', 'bar', 'ok'];
/** Columns from here on are text, left-aligned. */
const firstTextColumn = headers.indexOf('bar');

function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '—';
}

function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'req/s' || unit === 'µs') return value.toFixed(0);
  if (unit === 'MB') return value.toFixed(1);
  return Math.abs(value) < 10 ? value.toFixed(3) : value.toFixed(1);
}

function passMark(row: Row): string {
  if (!row.bar || row.bar.pass === undefined) return row.bar && /[≥≤]/.test(row.bar.text) ? 'n/a' : '';
  return row.bar.pass ? 'PASS' : 'FAIL';
}

function cells(row: Row): string[] {
  return [
    `${row.section}: ${row.metric}`,
    row.unit,
    formatRatio(row.gatewayVsFloor),
    formatRatio(row.gatewayVsBare),
    formatRatio(row.floorVsBare),
    formatRatio(row.gatewayVsDirect),
    formatValue(row.gateway, row.unit),
    formatValue(row.floor, row.unit),
    formatValue(row.bare, row.unit),
    formatValue(row.direct, row.unit),
    row.bar?.text ?? '',
    passMark(row),
  ];
}

export function renderText(rows: readonly Row[]): string {
  const table = [headers, ...rows.map(cells)];
  const widths = headers.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]): string =>
    line.map((cell, column) => (column === 0 || column >= firstTextColumn ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [render(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map((row) => render(cells(row)))].join('\n');
}

export function renderMarkdown(rows: readonly Row[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, column) => (column === 0 || column >= firstTextColumn ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}

export function barSummary(rows: readonly Row[]): string {
  const marks = rows.map(passMark);
  const count = (mark: string): number => marks.filter((value) => value === mark).length;
  return `bars: ${count('PASS')} pass, ${count('FAIL')} fail, ${count('n/a')} not measured`;
}

export function writeResults(resultsDir: string, meta: ReportMeta, rows: readonly Row[], outcomes: readonly ScenarioOutcome[]): void {
  mkdirSync(resultsDir, { recursive: true });
  const errors = outcomes.flatMap((outcome) => outcome.errors);
  const notes = outcomes.flatMap((outcome) => outcome.notes);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify({ meta, rows, errors, notes, scenarios: outcomes }, null, 1)}\n`);
  const markdown = [
    `# Switchyard benchmark, ${meta.date}`,
    '',
    `- machine: ${meta.machine}; Node ${meta.node}`,
    `- layout: ${meta.layout}`,
    `- run: ${meta.profile}; gateway: ${meta.gateway}; ${meta.durationSeconds ?? '?'} s`,
    `- machine load: ${meta.contention ?? 'unknown'}`,
    '- ratios are medians over rounds of per-round ratios; absolute figures are medians over rounds',
    '',
    renderMarkdown(rows),
    '',
    barSummary(rows),
    ...outcomes.flatMap((outcome) => outcome.tables ?? []).flatMap((table) => ['', `## ${table.title}`, '', table.markdown]),
    ...(notes.length > 0 ? ['', '## Notes', '', ...notes.map((note) => `- ${note}`)] : []),
    ...(errors.length > 0 ? ['', '## Errors', '', ...errors.map((error) => `- ${error}`)] : []),
    '',
  ].join('\n');
  writeFileSync(join(resultsDir, 'latest.md'), markdown);
}
