/**
 * SIGTERM/SIGINT (`close()`): stop accepting, let in-flight requests and streams finish
 * within shutdown_timeout_ms, then exit. Nothing in flight may be lost.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { parseSse } from '../../support/parse-sse.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, inferenceRequests, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

async function loadedGateway(shutdownTimeoutMs = 10_000) {
  const ollama = track(await startStandInOllama({ chunkDelayMs: 80 }));
  const vllm = track(await startStandInOpenAI({ chunkDelayMs: 80 }));
  const running = track(await startTestGateway({
    server: { shutdown_timeout_ms: shutdownTimeoutMs },
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat' },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
    ],
  }));
  return { ollama, vllm, running };
}

function contentOf(frames: unknown[]): string {
  return frames
    .filter((frame): frame is { choices: Array<{ delta?: { content?: string | null }; message?: { content?: string } }> } => typeof frame === 'object' && frame !== null && 'choices' in frame)
    .map((frame) => frame.choices[0]?.delta?.content ?? '')
    .join('');
}

describe('shutdown under load', () => {
  it('lets every in-flight stream and request finish in full', async () => {
    const { ollama, vllm, running } = await loadedGateway();
    const text = 'please answer with several words so the stream lasts';
    const models = [OLLAMA_MODEL, VLLM_MODEL];
    const requests = Array.from({ length: 24 }, (_, index) => ({ model: models[index % 2] as string, stream: index % 3 !== 0 }));
    const pending = requests.map(({ model, stream }) => postJson(`${running.url}/v1/chat/completions`, chat(model, { stream, text })));
    const upstreamRequests = () => [...inferenceRequests(ollama), ...inferenceRequests(vllm)];
    await eventually('every request to reach its upstream', () => upstreamRequests().length === requests.length);
    const closing = running.close();
    // Whole answers come at once; the streams (two in three) are what must still be running.
    expect(upstreamRequests().filter((request) => !request.finished).length).toBeGreaterThanOrEqual(requests.length / 3);
    const responses = await Promise.all(pending);
    const bodies = await Promise.all(responses.map((response) => response.text()));
    await closing;
    for (const [index, body] of bodies.entries()) {
      expect(responses[index]?.status).toBe(200);
      if (requests[index]?.stream) {
        const frames = parseSse(body);
        expect(frames.at(-1)).toBe('[DONE]');
        expect(contentOf(frames)).toContain(text);
      } else {
        expect(JSON.stringify(JSON.parse(body))).toContain(text);
      }
    }
    expect(running.logs.some((line) => line.msg === 'shutdown timeout reached; closing remaining connections')).toBe(false);
  });

  it('refuses new connections once shutdown has begun', async () => {
    const { running } = await loadedGateway();
    const inFlight = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true }));
    const closing = running.close();
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
    expect(parseSse(await inFlight.text()).at(-1)).toBe('[DONE]');
    await closing;
  });

  it('does not wait for shutdown_timeout_ms because of a client connection that sent no request', async () => {
    const { running } = await loadedGateway(3000);
    const idle = connect({ host: '127.0.0.1', port: running.port });
    await new Promise((resolve) => idle.once('connect', resolve));
    const closed = new Promise((resolve) => idle.once('close', resolve));
    const inFlight = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true }));
    const closing = running.close();
    expect(parseSse(await inFlight.text()).at(-1)).toBe('[DONE]');
    let idleClosed = false;
    void closed.then(() => (idleClosed = true));
    await eventually('the unused connection to be closed', () => idleClosed, 1500);
    await closing;
    expect(running.logs.some((line) => line.msg === 'shutdown timeout reached; closing remaining connections')).toBe(false);
  });

  it('still ends within shutdown_timeout_ms when a stream would never end', async () => {
    const ollama = track(await startStandInOllama({ chunkDelayMs: 20 }));
    const running = track(await startTestGateway({ server: { shutdown_timeout_ms: 500 }, connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] }));
    const endless = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true, scenario: 'never-ending' }));
    const body = endless.text().catch(() => 'cut');
    await running.close();
    await body;
    expect(running.logs.some((line) => line.msg === 'shutdown timeout reached; closing remaining connections')).toBe(true);
    await eventually('the upstream request to be cancelled', () => inferenceRequests(ollama).every((request) => request.closedAt !== undefined));
  });
});
