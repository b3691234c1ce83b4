import { invalidRequest } from '../../core/gateway-error.js';

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The base64 payload of an `image_url`, which Ollama takes bare in `images`. Only data URLs
 * can be sent on: the adapter does no I/O, so an http(s) URL cannot be fetched and is
 * refused with a 400 naming the field instead of being silently dropped.
 */
export function readImageUrl(url: string, field: string): string {
  if (/^https?:\/\//i.test(url)) {
    throw invalidRequest(
      field,
      `Image URLs cannot be fetched for Ollama ('${field}'); send the image inline as a data URL such as data:image/png;base64,....`,
    );
  }
  const comma = url.indexOf(',');
  const header = comma === -1 ? '' : url.slice(0, comma).toLowerCase();
  if (!header.startsWith('data:') || !header.endsWith(';base64')) {
    throw invalidRequest(field, `'${field}' must be a base64 data URL such as data:image/png;base64,....`);
  }
  const payload = url.slice(comma + 1).replace(/\s+/g, '');
  if (!base64Pattern.test(payload)) {
    throw invalidRequest(field, `'${field}' does not hold valid base64 data.`);
  }
  return payload;
}
