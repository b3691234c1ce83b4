// How the status page writes numbers, times and states: always in words or figures, so
// nothing depends on colour alone.

export function formatRate(value) {
  if (value === 0) return '0';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function formatMs(value) {
  if (value === null || value === undefined) return 'no data';
  return value < 1000 ? `${Math.round(value)} ms` : `${Number((value / 1000).toFixed(2))} s`;
}

export function formatErrorRate(value) {
  if (value === null) return 'no requests';
  return `${(value * 100).toFixed(value === 0 ? 0 : 1)} %`;
}

export function formatClock(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function formatAgo(iso, now) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

export function formatUptime(iso, now) {
  const minutes = Math.floor((now - Date.parse(iso)) / 60000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

/** A connection's health: `up` is null until its first health check answered. */
export function describeHealth(connection) {
  if (connection.up === true) return { text: 'up', tone: 'good' };
  if (connection.up === false) return { text: 'down', tone: 'bad' };
  return { text: 'checking', tone: 'neutral' };
}

export function describeBreaker(state) {
  if (state === 'open') return { text: 'breaker open', tone: 'bad' };
  if (state === 'half_open') return { text: 'breaker half-open', tone: 'warn' };
  return { text: 'breaker closed', tone: 'neutral' };
}
