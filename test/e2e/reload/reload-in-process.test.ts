/**
 * What a reload does inside one gateway (`RunningGateway.reload` and the reloader the
 * command drives): the replaced gateway stops once its last stream ended, bounded by its
 * `shutdown_timeout_ms`; the state store carries over unless `state:` changed; settings
 * that need a restart keep their running values; an unchanged file rebuilds nothing; and
 * triggers arriving during a reload fold into one more.
 */
import { describe, expect, it } from 'vitest';
import { configSchema, type GatewayConfig } from '../../../config/schema.js';
import { ConfigReloader } from '../../../src/reload/config-reloader.js';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually, within } from '../../support/eventually.js';
import { createGate } from '../../support/gate.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { openStream } from '../../support/open-stream.js';
import { parseSse } from '../../support/parse-sse.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { done, first, heldModel, listedModels, second, startHoldingUpstream, streamRequest } from './reload-fixtures.js';

const track = closeAfterEach();

/** The configuration `startTestGateway` would run for `input`, for a reload of that gateway. */
function testConfig(input: ConfigInput): GatewayConfig {
  return configSchema.parse({
    ...input,
    server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 2000, ...input.server },
    health_checks: { interval_ms: 60_000, timeout_ms: 2000, ...input.health_checks },
    state: { store: 'memory', ...input.state },
  });
}

async function gatewayFor(input: ConfigInput): Promise<TestGateway> {
  return track(await startTestGateway(input));
}

function messages(gateway: TestGateway, message: string): Array<Record<string, unknown>> {
  return gateway.logs.filter((line) => line.msg === message);
}

describe('the replaced gateway', () => {
  it('stops only once the stream it was serving has ended', async () => {
    const { upstream, release } = await startHoldingUpstream(track);
    const input: ConfigInput = { connections: [{ name: 'held', mode: 'openai_compatible', base_url: upstream.baseUrl, models: [heldModel] }] };
    const gateway = await gatewayFor(input);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);

    await gateway.reload(testConfig({ ...input, connections: [] }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages(gateway, 'previous configuration stopped: its last requests ended')).toHaveLength(0);

    release.open();
    expect(await within(stream.ended, 5000, 'the end of the stream')).toBe(first + second + done);
    await eventually('the previous configuration to stop', () => messages(gateway, 'previous configuration stopped: its last requests ended').length === 1);
  });

  it('ends a stream still running at its shutdown_timeout_ms with an error frame', async () => {
    const { upstream } = await startHoldingUpstream(track);
    const input: ConfigInput = {
      server: { shutdown_timeout_ms: 300 },
      connections: [{ name: 'held', mode: 'openai_compatible', base_url: upstream.baseUrl, models: [heldModel] }],
    };
    const gateway = await gatewayFor(input);
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);

    await gateway.reload(testConfig({ ...input, connections: [] }));
    const text = await within(stream.ended, 5000, 'the stream to be ended');

    expect(parseSse(text.slice(first.length))).toEqual([{ error: expect.objectContaining({ message: expect.any(String) }) }]);
    await eventually('the previous configuration to stop', () => messages(gateway, 'previous configuration stopped: requests still running at its shutdown_timeout_ms were ended').length === 1);
  });
});

describe('the state store', () => {
  const limited = (extra: Partial<ConfigInput>): ConfigInput => ({ server: { rate_limit: { requests_per_minute: 2 } }, ...extra });

  it.each([
    ['carries rate-limit counters over when state: did not change', { server: { rate_limit: { requests_per_minute: 2 }, cors_origins: ['http://example.test'] } }, 429],
    ['starts afresh when state: changed', { state: { store: 'memory', key_prefix: 'other:' } }, 200],
  ] as const)('%s', async (_name, change, expected) => {
    const gateway = await gatewayFor(limited({}));
    for (let index = 0; index < 2; index += 1) expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(200);

    await gateway.reload(testConfig(limited(change as Partial<ConfigInput>)));

    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(expected);
  });
});

describe('a reload', () => {
  it('keeps listening where it is when server.port changed, naming the setting', async () => {
    const gateway = await gatewayFor({});
    const outcome = await gateway.reload(testConfig({ server: { port: 1, cors_origins: ['http://example.test'] } }));

    expect(outcome.kind).toBe('reloaded');
    expect(messages(gateway, 'these settings take effect at the next restart; the running values stay')).toEqual([
      expect.objectContaining({ settings: ['server.port'] }),
    ]);
    expect(gateway.gateway.config.server.port).toBe(0);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });

  it('of the configuration already running rebuilds nothing and keeps the version', async () => {
    const ollama = track(await startStandInOllama());
    const input: ConfigInput = { connections: [{ name: 'local', mode: 'ollama', base_url: ollama.url }] };
    const gateway = await gatewayFor(input);
    const [before, version] = [gateway.gateway, gateway.configVersion];

    expect(await gateway.reload(testConfig(input))).toEqual({ kind: 'unchanged', version });
    expect(gateway.gateway).toBe(before);
  });

  it('names the connections and settings it changed, never their values', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const local = { name: 'local', mode: 'ollama', base_url: ollama.url } as const;
    const gateway = await gatewayFor({ connections: [local, { name: 'gone', mode: 'ollama', base_url: ollama.url }] });

    await gateway.reload(testConfig({ server: { api_keys: ['sk-secret-value'] }, connections: [{ ...local, prefix: 'box' }, { name: 'new', mode: 'ollama', base_url: ollama.url }] }));

    const [line] = messages(gateway, 'configuration reloaded');
    expect(line?.changes).toEqual({
      connections: { added: ['new'], removed: ['gone'], changed: ['local'] },
      models: { added: [], removed: [], changed: [] },
      settings: ['server.api_keys'],
    });
    expect(JSON.stringify(line)).not.toContain('sk-secret-value');
  });
});

describe('the reloader', () => {
  it('folds the triggers that come while a reload runs into one more reload', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const gateway = await gatewayFor({ connections: [{ name: 'local', mode: 'ollama', base_url: ollama.url }] });
    const firstRead = createGate();
    let reads = 0;
    const reloader = new ConfigReloader({
      read: async () => {
        reads += 1;
        if (reads === 1) await firstRead.promise;
        return testConfig({ connections: [{ name: 'local', mode: 'ollama', base_url: ollama.url, prefix: `p${reads}` }] });
      },
      apply: (config, trigger) => gateway.reload(config, trigger),
      liveVersion: () => gateway.configVersion,
      logger: gateway.gateway.logger,
    });

    const requests = [reloader.request('one'), reloader.request('two'), reloader.request('three')];
    firstRead.open();
    await Promise.all(requests);

    expect(reads).toBe(2);
    expect(messages(gateway, 'configuration reloaded').map((line) => line.trigger)).toEqual(['one', 'three']);
    expect(await listedModels(gateway.url)).toEqual(['p2/llama3.2:1b']);
    expect(gateway.configVersion).toMatch(/^3-/);
  });
});
