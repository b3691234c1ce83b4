/**
 * The fleet table: one row per routing strategy, with median and p95 latency, the cold
 * loads the stand-in boxes counted, and how the requests spread over the boxes. Rendered
 * as plain text for the terminal and as Markdown for latest.md and the README.
 */
import { percentile } from '../statistics.js';
import type { FleetRunResult } from './run-fleet-workload.js';

export interface BoxCounts {
  name: string;
  requests: number;
  coldLoads: number;
  evictions: number;
}

export interface FleetRow {
  strategy: string;
  planned: number;
  completed: number;
  errors: number;
  notSent: number;
  p50Ms: number;
  p95Ms: number;
  firstTokenP50Ms: number;
  coldLoads: number;
  boxes: BoxCounts[];
  wallMs: number;
}

export function fleetRow(strategy: string, run: FleetRunResult, boxes: readonly BoxCounts[]): FleetRow {
  return {
    strategy,
    planned: run.planned,
    completed: run.completed,
    errors: run.errors,
    notSent: run.notSent,
    p50Ms: percentile(run.latencies, 50),
    p95Ms: percentile(run.latencies, 95),
    firstTokenP50Ms: percentile(run.firstTokens, 50),
    coldLoads: boxes.reduce((sum, box) => sum + box.coldLoads, 0),
    boxes: [...boxes],
    wallMs: run.wallMs,
  };
}

const headers = ['strategy', 'answered', 'median ms', 'p95 ms', 'TTFT p50 ms', 'cold loads', 'cold loads per box', 'requests per box', 'wall s'];

function formatMs(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '—';
}

function cells(row: FleetRow): string[] {
  const perBox = (pick: (box: BoxCounts) => number): string => row.boxes.map((box) => `${box.name} ${pick(box)}`).join(', ');
  const failed = row.errors > 0 ? `, ${row.errors} failed` : '';
  const unsent = row.notSent > 0 ? `, ${row.notSent} not sent` : '';
  return [
    `\`${row.strategy}\``,
    `${row.completed}/${row.planned}${failed}${unsent}`,
    formatMs(row.p50Ms),
    formatMs(row.p95Ms),
    formatMs(row.firstTokenP50Ms),
    String(row.coldLoads),
    perBox((box) => box.coldLoads),
    perBox((box) => box.requests),
    (row.wallMs / 1000).toFixed(1),
  ];
}

/** Columns 1 to 5 are numbers, right-aligned. */
const isNumberColumn = (column: number): boolean => column >= 1 && column <= 5;

export function renderFleetText(rows: readonly FleetRow[]): string {
  const table = [headers, ...rows.map((row) => cells(row).map((cell) => cell.replace(/`/g, '')))];
  const widths = headers.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]): string =>
    line.map((cell, column) => (isNumberColumn(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  const [head, ...body] = table;
  return [render(head ?? headers), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(render)].join('\n');
}

export function renderFleetMarkdown(rows: readonly FleetRow[]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, column) => (isNumberColumn(column) ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).join(' | ')} |`),
  ].join('\n');
}
