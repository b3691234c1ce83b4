// The connections table: one row per connection, kept across updates, every state in words.

import { element, placeAt, setBadge, setText } from './dom.js';
import { describeBreaker, describeHealth, formatAgo, formatClock } from './format.js';

const columns = [
  ['name', 'Connection'],
  ['state', 'State'],
  ['breaker', 'Breaker'],
  ['inFlight', 'In flight'],
  ['queued', 'Queued'],
  ['load', 'Load'],
  ['loaded', 'Loaded models'],
  ['checked', 'Last check'],
  ['error', 'Last error'],
];

/** Only models whose own breaker is not closed are worth a line. */
function describeModelBreakers(breakers) {
  if (breakers === null) return 'per model: unknown';
  const tripped = Object.entries(breakers).filter(([, state]) => state !== 'closed');
  return tripped.map(([model, state]) => `${model}: ${state.replace('_', '-')}`).join(', ');
}

function describeLoadedModels(models) {
  if (models === null) return 'unknown';
  if (models.length === 0) return 'none';
  return models.map((model) => (model.expires_at ? `${model.name} (until ${formatClock(new Date(model.expires_at))})` : model.name)).join(', ');
}

function createRow(name) {
  const row = element('tr');
  const cells = {};
  columns.forEach(([key, label], index) => {
    const cell = element(index === 0 ? 'th' : 'td');
    if (index === 0) cell.scope = 'row';
    // Narrow screens show each cell as "label value" (app.css).
    cell.dataset.label = label;
    cells[key] = cell;
    row.append(cell);
  });
  cells.name.append(element('span', 'connection-name', name), element('span', 'mode'));
  cells.state.append(element('span'));
  cells.breaker.append(element('span'), element('span', 'detail'));
  cells.inFlight.className = cells.queued.className = cells.load.className = 'number';
  cells.error.className = 'error-text';
  return { row, cells };
}

function fillRow({ row, cells }, connection, now) {
  row.classList.toggle('is-down', connection.up === false);
  setText(cells.name.lastChild, connection.mode === 'ollama' ? 'Ollama' : 'OpenAI-compatible');
  setBadge(cells.state.firstChild, describeHealth(connection));
  setBadge(cells.breaker.firstChild, describeBreaker(connection.breaker));
  setText(cells.breaker.lastChild, describeModelBreakers(connection.model_breakers));
  setText(cells.inFlight, String(connection.in_flight));
  setText(cells.queued, String(connection.queued));
  setText(cells.load, connection.load === null ? 'unknown' : String(connection.load));
  setText(cells.loaded, describeLoadedModels(connection.loaded_models));
  setText(cells.checked, formatAgo(connection.last_check, now));
  setText(cells.error, connection.last_error ?? 'none');
}

/** `announce(text)` hears each change of a connection's health after the first update. */
export function createConnectionsTable(body, announce) {
  const rows = new Map();
  const health = new Map();
  return {
    render(connections, now) {
      connections.forEach((connection, index) => {
        let entry = rows.get(connection.name);
        if (!entry) {
          entry = createRow(connection.name);
          rows.set(connection.name, entry);
        }
        placeAt(body, entry.row, index);
        fillRow(entry, connection, now);
        const state = describeHealth(connection).text;
        const previous = health.get(connection.name);
        if (previous !== undefined && previous !== state) announce(`${connection.name} is ${state}`);
        health.set(connection.name, state);
      });
      // A configuration reload may remove connections.
      const names = new Set(connections.map((connection) => connection.name));
      for (const [name, entry] of rows) {
        if (names.has(name)) continue;
        entry.row.remove();
        rows.delete(name);
        health.delete(name);
      }
    },
  };
}
