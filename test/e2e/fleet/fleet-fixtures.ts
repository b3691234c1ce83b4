/**
 * What the fleet suites share: gateway connections onto fleet boxes, a gateway that reads
 * their load signals every 100 ms (and is only handed over once it has read them all),
 * chats told apart by their text, and the routing decisions `/metrics` counts.
 */
import type { Track } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { findSamples, scrape } from '../../support/prometheus-text.js';
import type { FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';

export const ollamaModel = 'llama3.2:1b';
export const vllmModel = 'Qwen/Qwen2.5-0.5B-Instruct';

/** How often the gateways of these suites poll health and load signals: fresh within a tenth of a second. */
export const pollIntervalMs = 100;

export type ConnectionInput = NonNullable<ConfigInput['connections']>[number];
export type RoutingInput = NonNullable<ConfigInput['routing']>;

/** An Ollama connection onto a box, serving `ollamaModel` through `/api/chat`. */
export function ollamaConnection(name: string, box: FleetBox, settings: Partial<ConnectionInput> = {}): ConnectionInput {
  return { name, mode: 'ollama', base_url: box.baseUrl, models: [ollamaModel], ollama_api: 'chat', ...settings } as ConnectionInput;
}

/** An OpenAI-compatible connection onto a vLLM box, serving `vllmModel`. */
export function vllmConnection(name: string, box: FleetBox, settings: Partial<ConnectionInput> = {}): ConnectionInput {
  return { name, mode: 'openai_compatible', base_url: box.baseUrl, models: [vllmModel], ...settings } as ConnectionInput;
}

/** The gateway's load monitor holds a fresh reading of every named connection. */
export async function waitForLoadSignals(gateway: TestGateway, names: readonly string[]): Promise<void> {
  await eventually(`load signals of ${names.join(', ')}`, () => names.every((name) => gateway.gateway.load.snapshot(name) !== undefined));
}

/** A gateway over the connections, polling every `pollIntervalMs`, returned once it has read every connection's load. */
export async function startFleetGateway(track: Track, connections: ConnectionInput[], rest: Omit<ConfigInput, 'connections'> = {}): Promise<TestGateway> {
  const gateway = track(
    await startTestGateway({
      ...rest,
      connections,
      server: { log_level: 'info', ...rest.server },
      health_checks: { interval_ms: pollIntervalMs, timeout_ms: 1000 },
    }),
  );
  await waitForLoadSignals(gateway, connections.map((connection) => connection.name));
  return gateway;
}

/** A one-turn chat whose text tells it apart on the boxes. */
export function chatBody(text: string, model = ollamaModel): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: text }] };
}

export interface ChatAnswer {
  status: number;
  content: string | undefined;
}

/** Sends a chat completion through the gateway and reads the answer whole. */
export async function sendChat(gateway: { url: string }, body: unknown, headers: Record<string, string> = {}): Promise<ChatAnswer> {
  const response = await postJson(`${gateway.url}/v1/chat/completions`, body, { headers });
  const answer = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
  return { status: response.status, content: answer.choices?.[0]?.message?.content };
}

/** The name of the box that received the request with this text; undefined when none did. */
export function boxOf(boxes: Record<string, FleetBox>, text: string): string | undefined {
  return Object.entries(boxes).find(([, box]) => box.requests.some((request) => request.text === text))?.[0];
}

/** How many inference requests each box received. */
export function countsOf(boxes: Record<string, FleetBox>): Record<string, number> {
  return Object.fromEntries(Object.entries(boxes).map(([name, box]) => [name, box.requests.length]));
}

/** Resolves once the box has received `count` inference requests in all. */
export async function waitForArrivals(box: FleetBox, count: number): Promise<void> {
  await eventually(`${count} requests at the box (it has ${box.requests.length})`, () => box.requests.length >= count);
}

/** Resolves once `count` requests wait in the gateway's own queue for the connection. */
export async function waitForQueued(gateway: TestGateway, connectionName: string, count: number): Promise<void> {
  const connection = gateway.gateway.connections.find((item) => item.name === connectionName);
  if (!connection) throw new Error(`no connection named ${connectionName}`);
  await eventually(`${count} requests queued for ${connectionName}`, () => connection.limiter.queued === count);
}

/** `switchyard_routing_decisions_total` by `"<connection> <reason>"`, as a scrape of `/metrics` shows it. */
export async function readRoutingDecisions(gateway: { url: string }): Promise<Record<string, number>> {
  const decisions: Record<string, number> = {};
  for (const sample of findSamples(await scrape(gateway.url), 'switchyard_routing_decisions_total')) {
    decisions[`${sample.labels.connection} ${sample.labels.reason}`] = sample.value;
  }
  return decisions;
}

/** What the user says in turn `turn` of conversation `name`: every turn's text is its own. */
export function turnText(name: string, turn: number): string {
  return `${name}, turn ${turn}`;
}

/**
 * The body of turn `turn` (from 0) of a conversation, as a chat client sends it: the same
 * system prompt and first question every time, then each earlier answer and question.
 */
export function conversationTurn(name: string, turn: number, model = ollamaModel): Record<string, unknown> {
  const messages = [{ role: 'system', content: 'You answer in one line.' }];
  for (let earlier = 0; earlier < turn; earlier += 1) {
    messages.push({ role: 'user', content: turnText(name, earlier) }, { role: 'assistant', content: `Hello! You said: ${turnText(name, earlier)}` });
  }
  messages.push({ role: 'user', content: turnText(name, turn) });
  return { model, messages };
}
