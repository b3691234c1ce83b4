/** POSTs a body with fetch: an object as JSON, a string or bytes as they are. */

export interface PostOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function postJson(url: string, body: unknown, options: PostOptions = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    signal: options.signal,
  });
}
