/**
 * Graceful shutdown: close() and SIGTERM stop accepting, let a running stream finish
 * (bounded by shutdown_timeout_ms), and the process then exits 0.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually, within } from '../../support/eventually.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { createGate, type Gate } from '../../support/gate.js';
import { spawnCli, startTestGateway, waitForListening, type CliProcess, type TestGateway } from '../../support/gateway.js';
import { openStream } from '../../support/open-stream.js';
import { parseSse } from '../../support/parse-sse.js';

const first = 'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n';
const second = 'data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n';
const done = 'data: [DONE]\n\n';
const streamRequest = { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

const track = closeAfterEach();

/** An upstream that sends the first chunk of a stream, then waits for the gate. */
async function holdingUpstream(): Promise<{ upstream: FakeUpstream; release: Gate }> {
  const upstream = track(await startFakeUpstream({ models: ['fake-model'] }));
  const release = createGate();
  upstream.handle = async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(first);
    await release.promise;
    res.write(second);
    res.end(done);
  };
  return { upstream, release };
}

async function gatewayFor(upstream: FakeUpstream, shutdownTimeoutMs: number): Promise<TestGateway> {
  const gateway = await startTestGateway({
    server: { shutdown_timeout_ms: shutdownTimeoutMs },
    connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, models: ['fake-model'] }],
  });
  return track(gateway);
}

describe('close()', () => {
  it('lets an in-flight stream finish before it resolves', async () => {
    const { upstream, release } = await holdingUpstream();
    const gateway = await gatewayFor(upstream, 20_000);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    let closed = false;
    const closing = gateway.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release.open();
    expect(await within(stream.ended, 5000, 'the end of the stream')).toBe(first + second + done);
    await within(closing, 5000, 'close() to resolve');
  });

  it('refuses new connections while a stream finishes', async () => {
    const { upstream, release } = await holdingUpstream();
    const gateway = await gatewayFor(upstream, 20_000);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    const closing = gateway.close();
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
    release.open();
    await within(stream.ended, 5000, 'the end of the stream');
    await closing;
  });

  it('ends a stream that outlives shutdown_timeout_ms and resolves', async () => {
    const { upstream } = await holdingUpstream();
    const gateway = await gatewayFor(upstream, 300);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    await within(gateway.close(), 5000, 'close() to resolve');
    const text = await within(stream.ended, 5000, 'the stream to be cut');
    expect(text.startsWith(first)).toBe(true);
    expect(text).not.toContain(done);
  });

  it('ends a stream cut by shutdown_timeout_ms with an error frame', async () => {
    const { upstream } = await holdingUpstream();
    const gateway = await gatewayFor(upstream, 300);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    await within(gateway.close(), 5000, 'close() to resolve');
    const text = await within(stream.ended, 5000, 'the stream to be cut');
    expect(parseSse(text.slice(first.length))).toEqual([{ error: expect.objectContaining({ message: expect.any(String), type: expect.any(String) }) }]);
  });

  it('is not held up by an idle keep-alive connection', async () => {
    const { upstream } = await holdingUpstream();
    const gateway = await gatewayFor(upstream, 20_000);
    const agent = new Agent({ keepAlive: true });
    track({ close: async () => agent.destroy() });
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${gateway.url}/health`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    await within(gateway.close(), 5000, 'close() to resolve with an idle keep-alive socket open');
  });
});

describe('SIGTERM', { timeout: 40_000 }, () => {
  let cli: CliProcess | undefined;

  async function startCli(upstream: FakeUpstream, shutdownTimeoutMs: number): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'switchyard-shutdown-'));
    track({ close: () => rm(directory, { recursive: true, force: true }) });
    const file = join(directory, 'gateway.yaml');
    await writeFile(
      file,
      [
        'server:',
        '  port: 0',
        `  shutdown_timeout_ms: ${shutdownTimeoutMs}`,
        'connections:',
        '  - name: vllm',
        '    mode: openai_compatible',
        `    base_url: ${upstream.baseUrl}`,
        '    models: [fake-model]',
      ].join('\n'),
    );
    cli = track(spawnCli(['--config', file]));
    return waitForListening(cli);
  }

  it('lets an in-flight stream finish, then exits 0', async () => {
    const { upstream, release } = await holdingUpstream();
    const url = await startCli(upstream, 20_000);
    const stream = openStream(`${url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    cli!.child.kill('SIGTERM');
    await cli!.waitForOutput(/shutting down/);
    release.open();
    expect(await within(stream.ended, 5000, 'the end of the stream')).toBe(first + second + done);
    expect(await within(cli!.exited, 10_000, 'the process to exit')).toEqual({ code: 0, signal: null });
  });

  it('exits 0 once shutdown_timeout_ms has passed with a stream still running', async () => {
    const { upstream } = await holdingUpstream();
    const url = await startCli(upstream, 300);
    const stream = openStream(`${url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    cli!.child.kill('SIGTERM');
    expect(await within(cli!.exited, 10_000, 'the process to exit')).toEqual({ code: 0, signal: null });
    await within(stream.ended, 5000, 'the stream to be cut');
  });

  it('exits 0 at once when nothing is in flight', async () => {
    const { upstream } = await holdingUpstream();
    const url = await startCli(upstream, 20_000);
    // One answered request: the process is past start-up and has its signal handlers.
    await fetch(`${url}/health`);
    cli!.child.kill('SIGTERM');
    expect(await within(cli!.exited, 10_000, 'the process to exit')).toEqual({ code: 0, signal: null });
    await eventually('the "stopped" log line', () => /stopped/.test(cli!.stdout()), 1000);
  });
});
