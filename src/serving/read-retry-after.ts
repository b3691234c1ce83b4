/**
 * `Retry-After` (RFC 9110 §10.2.3) as whole seconds: delay-seconds or an HTTP date.
 * Undefined when absent or unreadable; capped, so an upstream cannot park itself for days.
 */
const maxSeconds = 300;

export function readRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Math.ceil((Date.parse(text) - Date.now()) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(maxSeconds, Math.max(1, seconds));
}
