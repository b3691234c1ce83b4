// One card per model: who serves it, its figures over the last minute, and two charts
// (throughput, time to first token) from the history this page keeps.

import { createChart, drawChart } from './chart.js';
import { element, placeAt, setText } from './dom.js';
import { describeHealth, formatErrorRate, formatMs, formatRate } from './format.js';

const historyMs = 180_000;
const spanLabel = '3 min ago';

const facts = [
  ['requests', 'Requests/s'],
  ['tokens', 'Tokens/s'],
  ['errors', 'Errors'],
  ['p50', 'TTFT p50'],
  ['p95', 'TTFT p95'],
];

function createCard(id) {
  const card = element('article', 'model-card');
  const list = element('dl', 'model-facts');
  const values = {};
  for (const [key, label] of [['servedBy', 'Served by'], ...facts]) {
    const group = element('div', key === 'servedBy' ? 'fact fact-wide' : 'fact');
    values[key] = element('dd');
    group.append(element('dt', '', label), values[key]);
    list.append(group);
  }
  const throughput = createChart('Throughput', [{ label: '1-min average', style: 'solid' }], spanLabel);
  const ttft = createChart('Time to first token', [{ label: 'p50', style: 'solid' }, { label: 'p95', style: 'dashed' }], spanLabel);
  const charts = element('div', 'charts');
  charts.append(throughput.figure, ttft.figure);
  card.append(element('h3', 'model-name', id), list, charts);
  return { card, values, throughput, ttft };
}

function fillFacts(values, stats, servedBy, connections) {
  const names = servedBy.map((name) => `${name} (${describeHealth(connections.get(name) ?? {}).text})`);
  setText(values.servedBy, names.length > 0 ? names.join(', ') : 'no connection lists it now');
  setText(values.requests, formatRate(stats?.requests_per_second ?? 0));
  setText(values.tokens, formatRate(stats?.tokens_per_second ?? 0));
  setText(values.errors, formatErrorRate(stats?.error_rate ?? null));
  setText(values.p50, formatMs(stats?.ttft_p50_ms));
  setText(values.p95, formatMs(stats?.ttft_p95_ms));
}

function drawCharts(entry, id, stats, points, unit, now) {
  const unitLabel = unit === 'tokens' ? 'tokens/s' : 'req/s';
  const latest = (unit === 'tokens' ? stats?.tokens_per_second : stats?.requests_per_second) ?? 0;
  drawChart(entry.throughput, points, [{ key: unit, style: 'solid' }], {
    now,
    spanMs: historyMs,
    formatScale: (maximum) => `${Number(maximum.toFixed(2))} ${unitLabel}`,
    describe: (maximum) => `${id} throughput over the last 3 minutes: now ${formatRate(latest)} ${unitLabel}, scale up to ${formatRate(maximum)}`,
  });
  drawChart(entry.ttft, points, [{ key: 'p50', style: 'solid' }, { key: 'p95', style: 'dashed' }], {
    now,
    spanMs: historyMs,
    formatScale: formatMs,
    describe: (maximum) => `${id} time to first token over the last 3 minutes: p50 ${formatMs(stats?.ttft_p50_ms)}, p95 ${formatMs(stats?.ttft_p95_ms)}, scale up to ${formatMs(maximum)}`,
  });
}

export function createModelCards(container) {
  const cards = new Map();
  /** model id → [{ at, requests, tokens, p50, p95 }], oldest first */
  const history = new Map();
  return {
    /** Keeps one point per model and update, for at most the charts' span. */
    record(stats, now) {
      for (const model of stats.models) {
        const points = history.get(model.model) ?? [];
        points.push({ at: now, requests: model.requests_per_second, tokens: model.tokens_per_second, p50: model.ttft_p50_ms, p95: model.ttft_p95_ms });
        while (points.length > 0 && points[0].at < now - historyMs) points.shift();
        history.set(model.model, points);
      }
    },
    /** Returns how many models are shown. */
    render(status, unit, now) {
      const stats = new Map(status.stats.models.map((model) => [model.model, model]));
      const servedBy = new Map(status.models.map((model) => [model.id, model.connections]));
      const connections = new Map(status.connections.map((connection) => [connection.name, connection]));
      // A model with traffic stays on the page while no connection lists it (its upstream is down).
      const ids = [...new Set([...servedBy.keys(), ...stats.keys()])].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
      ids.forEach((id, index) => {
        let entry = cards.get(id);
        if (!entry) {
          entry = createCard(id);
          cards.set(id, entry);
        }
        placeAt(container, entry.card, index);
        fillFacts(entry.values, stats.get(id), servedBy.get(id) ?? [], connections);
        drawCharts(entry, id, stats.get(id), history.get(id) ?? [], unit, now);
      });
      for (const [id, entry] of cards) {
        if (ids.includes(id)) continue;
        entry.card.remove();
        cards.delete(id);
      }
      return ids.length;
    },
  };
}
