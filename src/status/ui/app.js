// The live status page: polls /status every second and updates the page in place. Rows
// and cards are kept and only their text changes, so focus, selection and scrolling stay.

import { createConnectionsTable } from './connections-table.js';
import { byId, setText } from './dom.js';
import { formatClock, formatUptime } from './format.js';
import { createModelCards } from './model-cards.js';

const pollIntervalMs = 1000;
const pollTimeoutMs = 5000;

const page = { paused: false, unit: 'requests', lastStatus: undefined };
const connections = createConnectionsTable(byId('connections').tBodies[0], (text) => setText(byId('announcer'), text));
const models = createModelCards(byId('models'));

function render(status, now) {
  setText(byId('version'), status.version);
  setText(byId('started'), `${new Date(status.started_at).toLocaleString([], { hour12: false })} (up ${formatUptime(status.started_at, now)})`);
  setText(byId('updated'), formatClock(new Date(now)));
  setText(byId('window'), String(status.stats.window_seconds));
  connections.render(status.connections, now);
  byId('no-connections').hidden = status.connections.length > 0;
  byId('no-models').hidden = models.render(status, page.unit, now) > 0;
}

function showProblem(text) {
  const banner = byId('problem');
  banner.hidden = text === undefined;
  if (text !== undefined) setText(banner, text);
}

async function poll() {
  if (!page.paused) {
    try {
      const response = await fetch('/status', { cache: 'no-store', signal: AbortSignal.timeout(pollTimeoutMs) });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      const status = await response.json();
      const now = Date.now();
      page.lastStatus = status;
      models.record(status.stats, now);
      render(status, now);
      showProblem(undefined);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      showProblem(`Cannot reach the gateway (${reason}). The figures below are from ${byId('updated').textContent}; retrying every second.`);
    }
  }
  // One poll at a time: a slow answer delays the next one instead of piling them up.
  setTimeout(poll, pollIntervalMs);
}

byId('pause').addEventListener('click', (event) => {
  page.paused = !page.paused;
  event.currentTarget.setAttribute('aria-pressed', String(page.paused));
  setText(event.currentTarget, page.paused ? 'Resume updates' : 'Pause updates');
});

byId('throughput-unit').addEventListener('change', (event) => {
  page.unit = event.currentTarget.value;
  if (page.lastStatus) models.render(page.lastStatus, page.unit, Date.now());
});

poll();
