/**
 * Fills in an alias's `defaults` for the fields the client did not send. Ollama's
 * `options` object is merged key by key, so a client's `num_ctx` and the alias's
 * `temperature` can both apply.
 */
export function applyDefaults<Body extends Record<string, unknown>>(body: Body, defaults: Record<string, unknown>): Body {
  const keys = Object.keys(defaults);
  if (keys.length === 0) return body;
  const merged: Record<string, unknown> = { ...body };
  for (const key of keys) {
    const given = merged[key];
    const fallback = defaults[key];
    if (given === undefined || given === null) merged[key] = fallback;
    else if (isPlainObject(given) && isPlainObject(fallback)) merged[key] = { ...fallback, ...given };
  }
  return merged as Body;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
