/**
 * The affinity key of a request, by `routing.affinity`: what should keep landing on the
 * same connection (so a chat finds its prompt cache there). The key is a SHA-256 digest,
 * never the prompt or the user id itself, so it can be logged or compared without
 * carrying what it was made from.
 *
 * - `user`: the request's `user` field, else Open WebUI's `X-OpenWebUI-User-Id` header
 *   (sent with `ENABLE_FORWARD_USER_INFO_HEADERS=true`).
 * - `conversation`: the system prompt and the first user message. Every later turn of a
 *   chat resends both unchanged, so the key is the same for the whole chat.
 * - `header:<name>`: that header's value.
 *
 * Undefined when the request carries nothing to key on: it is then routed without affinity.
 */
import { createHash } from 'node:crypto';
import type { AffinitySetting } from '../../../config/routing-schema.js';

/** The parts of a request a key is read from; header names in lower case, as Node gives them. */
export interface AffinitySource {
  body: Readonly<Record<string, unknown>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function readAffinityKey(setting: AffinitySetting, source: AffinitySource): string | undefined {
  if (setting === 'none') return undefined;
  if (setting === 'user') return digest('user', readUser(source));
  if (setting === 'conversation') return digest('conversation', readConversationSeed(source.body.messages));
  const name = setting.slice('header:'.length).toLowerCase();
  return digest(`header:${name}`, readHeader(source.headers, name));
}

function digest(kind: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return createHash('sha256').update(kind).update('\0').update(value).digest('hex');
}

function readUser(source: AffinitySource): string | undefined {
  const user = source.body.user;
  if (typeof user === 'string' && user !== '') return user;
  return readHeader(source.headers, 'x-openwebui-user-id');
}

function readHeader(headers: AffinitySource['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * What stays the same across the turns of one chat: the system (or developer) messages
 * before the first user message, and that message. Later messages are never read, and
 * there is no seed without a user message.
 */
export function readConversationSeed(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return undefined;
  const seed: Array<[string, string]> = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (role === 'system' || role === 'developer') seed.push(['system', readContent(content)]);
    if (role === 'user') {
      seed.push(['user', readContent(content)]);
      return JSON.stringify(seed);
    }
  }
  return undefined;
}

/** A message's content as text: a string as is; content parts by their text or image URL. */
function readContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);
  return content.map(readPart).join('\n');
}

function readPart(part: unknown): string {
  if (typeof part !== 'object' || part === null) return String(part);
  const { text, image_url: image } = part as { text?: unknown; image_url?: { url?: unknown } };
  if (typeof text === 'string') return text;
  if (typeof image?.url === 'string') return image.url;
  return JSON.stringify(part);
}
