/**
 * Times as Ollama writes them: Go marshals `time.Time` as RFC 3339 with nanoseconds and
 * trailing zeros trimmed (`2025-10-21T18:22:13.00471866Z`), a whole second with no
 * fraction at all (`2025-10-21T18:22:13Z`).
 */

/** Go's zero `time.Time`, which Ollama sends for a time it does not know. */
export const goZeroTime = '0001-01-01T00:00:00Z';

/** Unix seconds (a fraction allowed) in Ollama's form; unusable values give Go's zero time. */
export function formatOllamaTime(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds) || unixSeconds <= 0) {
    return goZeroTime;
  }
  const wholeSeconds = Math.floor(unixSeconds);
  const date = new Date(wholeSeconds * 1000);
  if (Number.isNaN(date.getTime())) {
    return goZeroTime;
  }
  // Nanoseconds from the fraction; rounding can reach a whole second, which is clamped.
  const nanoseconds = Math.min(999_999_999, Math.round((unixSeconds - wholeSeconds) * 1e9));
  const fraction = nanoseconds.toString().padStart(9, '0').replace(/0+$/, '');
  return `${date.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}
