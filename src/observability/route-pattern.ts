/**
 * The `route` label of a request that no route handler claimed (refused by authentication,
 * a rate limit or the body limit before its handler ran): the pattern of the known route
 * its path matches, or `unmatched`. Never the raw path, so random URLs add no series.
 */

/** Every route pattern the gateway serves; `/v1` and bare paths count under the `/v1` pattern. */
const routePatterns: ReadonlyArray<{ method: string; pattern: RegExp; route: string }> = [
  { method: 'GET', pattern: /^(?:\/v1)?\/models\/?$/i, route: '/v1/models' },
  { method: 'GET', pattern: /^(?:\/v1)?\/models\/.+$/i, route: '/v1/models/{id}' },
  { method: 'POST', pattern: /^(?:\/v1)?\/chat\/completions\/?$/i, route: '/v1/chat/completions' },
  { method: 'POST', pattern: /^(?:\/v1)?\/completions\/?$/i, route: '/v1/completions' },
  { method: 'POST', pattern: /^(?:\/v1)?\/embeddings\/?$/i, route: '/v1/embeddings' },
  { method: 'POST', pattern: /^\/v1\/messages\/?$/i, route: '/v1/messages' },
  { method: 'POST', pattern: /^\/v1\/responses\/?$/i, route: '/v1/responses' },
  { method: 'GET', pattern: /^\/v1\/responses\/[^/]+$/i, route: '/v1/responses/{id}' },
  { method: 'DELETE', pattern: /^\/v1\/responses\/[^/]+$/i, route: '/v1/responses/{id}' },
  ...['chat', 'generate', 'embed', 'show'].map((name) => ({ method: 'POST', pattern: new RegExp(`^/api/${name}/?$`, 'i'), route: `/api/${name}` })),
  ...['tags', 'ps', 'version'].map((name) => ({ method: 'GET', pattern: new RegExp(`^/api/${name}/?$`, 'i'), route: `/api/${name}` })),
  { method: 'GET', pattern: /^\/status\/?$/i, route: '/status' },
  { method: 'GET', pattern: /^\/ui(\/.*)?$/i, route: '/ui' },
  { method: 'GET', pattern: /^\/health\/?$/i, route: '/health' },
  { method: 'GET', pattern: /^\/ready\/?$/i, route: '/ready' },
  { method: 'GET', pattern: /^\/metrics\/?$/i, route: '/metrics' },
];

export const unmatchedRoute = 'unmatched';

/** The route pattern for a method and URL (query string allowed), or `unmatched`. */
export function findRoutePattern(method: string, url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  // Express treats HEAD like GET.
  const effectiveMethod = method === 'HEAD' ? 'GET' : method;
  const match = routePatterns.find((entry) => entry.method === effectiveMethod && entry.pattern.test(path));
  return match?.route ?? unmatchedRoute;
}
