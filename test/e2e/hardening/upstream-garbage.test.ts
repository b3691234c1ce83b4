/**
 * Upstreams that answer garbage: a non-JSON body, an HTML page with 200, truncated NDJSON,
 * lines split over many packets, a stream that never ends, a reset mid-stream. Each gives
 * a clear error (or, for split lines, the right answer), no hang, and leaves no upstream
 * request, socket or timer behind.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../support/stand-ins/stand-in-scenario.js';
import { MULTIBYTE_SUFFIX } from '../../support/stand-ins/stand-in-reply.js';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startFakeUpstream } from '../../support/fake-upstream.js';
import { startTestGateway } from '../../support/gateway.js';
import { activeTimers, allUpstreamRequestsEnded, upstreamRequestsInFlight } from '../../support/leftovers.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { finalErrorFrame, parseSse } from '../../support/parse-sse.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

const limits = { timeout_ms: 2000, idle_timeout_ms: 800, failure_threshold: 1000 };

async function translated() {
  const upstream = track(await startStandInOllama());
  const running = track(await startTestGateway({ connections: [{ name: 'ollama', mode: 'ollama', base_url: upstream.url, ollama_api: 'chat', models: [OLLAMA_MODEL], ...limits }] }));
  return { upstream, running };
}

async function passthrough() {
  const upstream = track(await startStandInOpenAI());
  const running = track(await startTestGateway({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, models: [VLLM_MODEL], ...limits }] }));
  return { upstream, running };
}

interface GarbageCase {
  scenario: Scenario;
  stream: boolean;
  /** For whole answers: status and code. For streams: the code of the final error frame. */
  status?: number;
  code: string;
  mentions?: RegExp;
}

const ollamaCases: GarbageCase[] = [
  { scenario: 'garbage', stream: false, status: 502, code: 'bad_gateway', mentions: /not JSON/ },
  // The stand-in sends one good line before the garbage: that line is relayed at once, so the error comes as a frame.
  { scenario: 'garbage', stream: true, code: 'bad_gateway', mentions: /parse/ },
  { scenario: 'html-200', stream: false, status: 502, code: 'bad_gateway', mentions: /not JSON/ },
  { scenario: 'html-200', stream: true, status: 502, code: 'bad_gateway' },
  { scenario: 'truncated', stream: false, status: 502, code: 'bad_gateway' },
  { scenario: 'truncated', stream: true, code: 'bad_gateway', mentions: /ended before it was complete/ },
  { scenario: 'reset-mid-stream', stream: true, code: 'bad_gateway', mentions: /closed the connection/ },
  { scenario: 'reset-mid-stream', stream: false, status: 502, code: 'bad_gateway' },
  { scenario: 'error-line', stream: true, code: 'bad_gateway', mentions: /Ollama reported an error/ },
  { scenario: 'never-ending', stream: true, code: 'upstream_timeout', mentions: /timeout_ms/ },
  { scenario: 'never-ending', stream: false, status: 504, code: 'upstream_timeout' },
];

describe('garbage from an Ollama upstream (translated)', () => {
  it.each(ollamaCases)('turns $scenario (stream: $stream) into a clear $code error', async ({ scenario, stream, status, code, mentions }) => {
    const { upstream, running } = await translated();
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream, scenario }));
    if (status !== undefined) {
      const error = await expectOpenAIError(response, { status, code });
      if (mentions) expect(error.message).toMatch(mentions);
    } else {
      expect(response.status).toBe(200);
      const frames = parseSse(await response.text());
      expect(frames).not.toContain('[DONE]');
      const error = finalErrorFrame(frames);
      expect(error).toMatchObject({ type: 'upstream_error', code });
      if (mentions) expect(error?.message).toMatch(mentions);
    }
    await eventually('the upstream request to end', () => allUpstreamRequestsEnded(upstream) && upstreamRequestsInFlight(running) === 0);
  });

  it.each([true, false])('reassembles lines split over many packets, multibyte characters included (stream: %s)', async (stream) => {
    const { running } = await translated();
    const answer = async (scenario: Scenario) => {
      const text = await (await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream, scenario }))).text();
      if (!stream) return (JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content;
      const frames = parseSse(text);
      expect(frames.at(-1)).toBe('[DONE]');
      return frames
        .slice(0, -1)
        .map((frame) => (frame as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
        .join('');
    };
    // Under split-lines the stand-in appends two-, three- and four-byte characters, sent five bytes at a time.
    expect(await answer('split-lines')).toBe(`${await answer('normal')}${MULTIBYTE_SUFFIX}`);
  });

  it('leaves no timer running once every garbage answer has ended', async () => {
    const { upstream, running } = await translated();
    await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    const before = activeTimers();
    for (const { scenario, stream } of ollamaCases) await (await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream, scenario }))).text();
    await eventually('every upstream request to end', () => allUpstreamRequestsEnded(upstream));
    await eventually('timers to return to the count before', () => activeTimers() <= before);
  });
});

describe('garbage from an OpenAI-compatible upstream (passthrough)', () => {
  it('follows the bytes received so far with an error frame when the upstream resets mid-stream', async () => {
    const { running } = await passthrough();
    const frames = parseSse(await (await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL, { stream: true, scenario: 'reset-mid-stream' }))).text());
    expect(frames.length).toBeGreaterThan(1);
    expect(finalErrorFrame(frames)).toMatchObject({ type: 'upstream_error', code: 'bad_gateway' });
  });

  it('ends an SSE stream that never ends with an upstream_timeout frame at timeout_ms', async () => {
    const { upstream, running } = await passthrough();
    const frames = parseSse(await (await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL, { stream: true, scenario: 'never-ending' }))).text());
    expect(finalErrorFrame(frames)).toMatchObject({ code: 'upstream_timeout' });
    await eventually('the upstream request to end', () => allUpstreamRequestsEnded(upstream));
  });

  it('cuts a whole answer that never ends short at timeout_ms instead of hanging', async () => {
    const { upstream, running } = await passthrough();
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL, { scenario: 'never-ending' }));
    await expect(response.text()).rejects.toThrow();
    await eventually('the upstream request to end', () => allUpstreamRequestsEnded(upstream));
  });

  it('leaves no timer running once every faulty answer has ended', async () => {
    const { upstream, running } = await passthrough();
    await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL));
    const before = activeTimers();
    for (const scenario of ['garbage', 'html-200', 'truncated', 'reset-mid-stream', 'stall-mid-stream', 'error-line', 'never-ending'] as const) {
      for (const stream of [true, false]) await (await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL, { stream, scenario }))).text().catch(() => '');
    }
    await eventually('every upstream request to end', () => allUpstreamRequestsEnded(upstream));
    await eventually('timers to return to the count before', () => activeTimers() <= before);
  });
});

describe('an NDJSON line that never ends', () => {
  it('fails with 502 instead of buffering a 16 MB line until timeout_ms', async () => {
    const upstream = track(await startFakeUpstream());
    upstream.handle = (req, res) => {
      if (req.url === '/api/version') return void res.end('{"version":"0.12.0"}');
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const piece = 'x'.repeat(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 16 && res.write(piece)) sent += 1;
        if (sent < 16) res.once('drain', pump);
      };
      pump();
    };
    const running = track(
      await startTestGateway({
        connections: [{ name: 'endless', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], timeout_ms: 12_000 }],
      }),
    );
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true }));
    await expectOpenAIError(response, { status: 502, code: 'bad_gateway' });
  });
});
