/**
 * Waiting notices: a streaming request that still waits after `routing.stream_keepalive_ms`
 * (queued behind a connection's `max_concurrency`, or for its first token while a box
 * loads the model) gets a line that often until it starts: an SSE comment by default
 * (`: queued 1`, `: waiting for the model`), an Open WebUI status event with
 * `routing.status_events: true`. None comes once the answer has started, and the official
 * OpenAI SDK reads such a stream to its end.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually, within } from '../../support/eventually.js';
import { openStream } from '../../support/open-stream.js';
import { parseSse } from '../../support/parse-sse.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import type { TestGateway } from '../../support/gateway.js';
import { chatBody, ollamaConnection, ollamaModel, sendChat, startFleetGateway, waitForArrivals, waitForQueued } from './fleet-fixtures.js';

const track = closeAfterEach();
const keepaliveMs = 100;
const coldLoadMs = 500;

interface NoticeForm {
  name: string;
  statusEvents: boolean;
  /** The notice an SSE event is, in this form, or undefined when it is something else. */
  read(event: string): string | undefined;
}

const forms: NoticeForm[] = [
  { name: 'SSE comments', statusEvents: false, read: (event) => (event.startsWith(': ') ? event.slice(2) : undefined) },
  {
    name: 'status events',
    statusEvents: true,
    read(event) {
      if (!event.startsWith('data: {"event":')) return undefined;
      const payload = JSON.parse(event.slice('data: '.length)) as { event: { type: string; data: { description: string; done: boolean } } };
      expect(payload).toEqual({ event: { type: 'status', data: { description: expect.any(String), done: false } } });
      return payload.event.data.description;
    },
  },
];

/** The notices before the answer's first event, and the events from there on; an event not yet ended is left out. */
function splitNotices(text: string, form: NoticeForm): { notices: string[]; answer: string[] } {
  const events = text.split('\n\n').slice(0, -1);
  const firstAnswer = events.findIndex((event) => form.read(event) === undefined);
  const start = firstAnswer < 0 ? events.length : firstAnswer;
  return { notices: events.slice(0, start).map((event) => form.read(event)!), answer: events.slice(start) };
}

/** The answer's events make a whole chat stream, with no notice of either form among them. */
function expectWholeAnswer(answer: string[], text: string): void {
  for (const form of forms) expect(answer.filter((event) => form.read(event) !== undefined)).toEqual([]);
  const payloads = parseSse(answer.map((event) => `${event}\n\n`).join(''));
  expect(payloads.at(-1)).toBe('[DONE]');
  const chunks = payloads.slice(0, -1) as Array<{ choices: Array<{ delta: { content?: string } }> }>;
  expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(`Hello! You said: ${text}`);
}

async function startNoticeGateway(box: FleetBox, form: NoticeForm, settings = {}): Promise<TestGateway> {
  return startFleetGateway(track, [ollamaConnection('box', box, settings)], {
    routing: { stream_keepalive_ms: keepaliveMs, status_events: form.statusEvents },
  });
}

function openChatStream(gateway: TestGateway, text: string) {
  return openStream(`${gateway.url}/v1/chat/completions`, { ...chatBody(text), stream: true });
}

describe.each(forms)('waiting notices as $name', (form) => {
  it('tells a stream queued behind max_concurrency its place until it starts', async () => {
    const box = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 }));
    const gateway = await startNoticeGateway(box, form, { max_concurrency: 1 });
    const release = box.hold();
    const holding = sendChat(gateway, chatBody('holds the slot'));
    await waitForArrivals(box, 1);
    const stream = openChatStream(gateway, 'queued');
    await eventually('two notices of its place', () => splitNotices(stream.text(), form).notices.filter((notice) => notice === 'queued 1').length >= 2);
    release();
    const text = await within(stream.ended, 5000, 'the end of the queued stream');
    expect((await holding).status).toBe(200);

    const { notices, answer } = splitNotices(text, form);
    // Its place while queued; once it has the slot, the wait for the first token.
    expect(notices.join(', ')).toMatch(/^(queued 1, )+queued 1(, waiting for the model)*$/);
    expectWholeAnswer(answer, 'queued');
  });

  it('moves a queued stream up as the one ahead of it starts', async () => {
    const box = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 }));
    const gateway = await startNoticeGateway(box, form, { max_concurrency: 1 });
    const releaseFirst = box.hold();
    const holding = sendChat(gateway, chatBody('holds the slot'));
    await waitForArrivals(box, 1);
    const ahead = openChatStream(gateway, 'ahead');
    await waitForQueued(gateway, 'box', 1);
    const behind = openChatStream(gateway, 'behind');
    await eventually('behind told its place', () => splitNotices(behind.text(), form).notices.includes('queued 2'));
    // The slot goes to `ahead`, whose answer the box then holds: `behind` is next.
    releaseFirst();
    const releaseAhead = box.hold();
    await waitForArrivals(box, 2);
    await eventually('behind moved up, ahead waiting for its first token', () =>
      splitNotices(behind.text(), form).notices.includes('queued 1') && splitNotices(ahead.text(), form).notices.includes('waiting for the model'),
    );
    releaseAhead();
    const [aheadText, behindText] = await within(Promise.all([ahead.ended, behind.ended]), 5000, 'the end of both streams');
    expect((await holding).status).toBe(200);

    const aheadNotices = splitNotices(aheadText, form);
    expect(aheadNotices.notices.join(', ')).toMatch(/^(queued 1, )+waiting for the model(, waiting for the model)*$/);
    expectWholeAnswer(aheadNotices.answer, 'ahead');
    const behindNotices = splitNotices(behindText, form);
    expect(behindNotices.notices.join(', ')).toMatch(/^(queued 2, )+queued 1(, queued 1)*(, waiting for the model)*$/);
    expectWholeAnswer(behindNotices.answer, 'behind');
  });

  it('tells a stream to a box loading the model that it waits for the model, until the first token', async () => {
    const box = track(await startFleetBox({ models: [ollamaModel], coldLoadMs, chunkDelayMs: 0 }));
    const gateway = await startNoticeGateway(box, form);
    const stream = openChatStream(gateway, 'cold start');
    const text = await within(stream.ended, 5000, 'the end of the stream');

    const { notices, answer } = splitNotices(text, form);
    expect(box.coldLoads).toBe(1);
    expect(notices.length).toBeGreaterThanOrEqual(3);
    // One every keepaliveMs, not more often (a little slack for a busy machine).
    expect(notices.length).toBeLessThanOrEqual(coldLoadMs / keepaliveMs + 2);
    expect(new Set(notices)).toEqual(new Set(['waiting for the model']));
    expectWholeAnswer(answer, 'cold start');
  });
});

/** A fetch that keeps a copy of every response body it passes on. */
function recordingFetch(record: { text: string }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const decoder = new TextDecoder();
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        record.text += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(copy), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

describe('the OpenAI SDK', () => {
  it('reads a stream with waiting comments to its end', async () => {
    const box = track(await startFleetBox({ models: [ollamaModel], coldLoadMs, chunkDelayMs: 0 }));
    const gateway = await startNoticeGateway(box, forms[0]!);
    const raw = { text: '' };
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', fetch: recordingFetch(raw), maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: ollamaModel, messages: [{ role: 'user', content: 'cold start' }], stream: true });
    let content = '';
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(content).toBe('Hello! You said: cold start');
    expect(finishReason).toBe('stop');
    // The stream the SDK read did carry the comments.
    expect(raw.text.match(/^: waiting for the model$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(raw.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
