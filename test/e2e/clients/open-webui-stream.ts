/**
 * Open WebUI's side of a Switchyard connection, replayed: the headers its aiohttp backend
 * sends (`get_headers_and_cookies`) and the way `utils/middleware.py`
 * (`stream_body_handler`) reads a streamed chat.
 */

/** Headers of Open WebUI's backend (`get_headers_and_cookies`); `key` undefined = no Authorization (newer versions with an empty key). */
export function openWebUIHeaders(key?: string): Record<string, string> {
  return {
    'user-agent': 'Python/3.11 aiohttp/3.11.18',
    accept: '*/*',
    'accept-encoding': 'gzip, deflate',
    'content-type': 'application/json',
    ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
  };
}

export interface AccumulatedToolCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

/** What Open WebUI makes of a streamed answer, plus what it silently drops. */
export interface OpenWebUIStream {
  /** Open WebUI treats the answer as a stream only when this contains `text/event-stream`. */
  contentType: string;
  contentEncoding: string | null;
  /** Every `data:` payload that parsed, in order. */
  chunks: unknown[];
  /** `data:` payloads that are not one complete JSON object (Open WebUI swallows them); `[DONE]` excluded. */
  brokenPayloads: string[];
  sawDone: boolean;
  content: string;
  reasoning: string;
  toolCalls: AccumulatedToolCall[];
  /** Tool-call fragments without `index`, which Open WebUI drops. */
  droppedToolCallFragments: number;
  usage: Record<string, unknown> | undefined;
  /** `error` values of chunks without choices, which Open WebUI shows to the user. */
  errors: unknown[];
  /** Chunks with a top-level `event` or `selected_model_id` key, which Open WebUI would misread. */
  specialKeyChunks: number;
}

type Delta = {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  thinking?: string | null;
  tool_calls?: Array<{ index?: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }>;
};

function applyToolCallFragments(stream: OpenWebUIStream, fragments: NonNullable<Delta['tool_calls']>): void {
  for (const fragment of fragments) {
    if (fragment.index === undefined || fragment.index === null) {
      stream.droppedToolCallFragments += 1;
      continue;
    }
    const known = stream.toolCalls[fragment.index];
    if (known === undefined) {
      // The first fragment for an index is stored whole; name and arguments default to "".
      stream.toolCalls[fragment.index] = {
        id: fragment.id,
        type: fragment.type,
        function: { name: fragment.function?.name ?? '', arguments: fragment.function?.arguments ?? '' },
      };
    } else {
      known.function.name += fragment.function?.name ?? '';
      known.function.arguments += fragment.function?.arguments ?? '';
    }
  }
}

function applyChunk(stream: OpenWebUIStream, data: Record<string, unknown>): void {
  if ('event' in data || 'selected_model_id' in data) stream.specialKeyChunks += 1;
  const usage = data['usage'];
  if (typeof usage === 'object' && usage !== null && Object.keys(usage).length > 0) stream.usage = usage as Record<string, unknown>;
  const choices = Array.isArray(data['choices']) ? (data['choices'] as Array<{ delta?: Delta }>) : [];
  if (choices.length === 0) {
    if (data['error']) stream.errors.push(data['error']);
    return;
  }
  const delta = choices[0]?.delta ?? {};
  if (delta.tool_calls) applyToolCallFragments(stream, delta.tool_calls);
  stream.reasoning += delta.reasoning_content || delta.reasoning || delta.thinking || '';
  stream.content += delta.content ?? '';
}

/** Reads the whole answer line by line, skipping what is not a `data:` line, as Open WebUI does. */
export async function readOpenWebUIStream(response: Response): Promise<OpenWebUIStream> {
  const stream: OpenWebUIStream = {
    contentType: response.headers.get('content-type') ?? '',
    contentEncoding: response.headers.get('content-encoding'),
    chunks: [],
    brokenPayloads: [],
    sawDone: false,
    content: '',
    reasoning: '',
    toolCalls: [],
    droppedToolCallFragments: 0,
    usage: undefined,
    errors: [],
    specialKeyChunks: 0,
  };
  for (const rawLine of (await response.text()).split('\n')) {
    const line = rawLine.trim();
    if (!line.startsWith('data:')) continue;
    const payload = line.slice('data:'.length).trim();
    if (payload === '[DONE]') {
      stream.sawDone = true;
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(payload);
    } catch {
      stream.brokenPayloads.push(payload);
      continue;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      stream.brokenPayloads.push(payload);
      continue;
    }
    stream.chunks.push(data);
    applyChunk(stream, data as Record<string, unknown>);
  }
  return stream;
}
