/**
 * Background health checks: /ready and switchyard_connection_up follow each connection,
 * last_check moves on every interval_ms, and a connection that fails is marked down.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startObservedGateway, type ObservedGateway } from './observed-gateway.js';
import { valueOf } from '../../support/prometheus-text.js';

const trackForTest = closeAfterEach();

interface ReadyBody {
  status: 'ready' | 'unavailable';
  connections: Array<{ name: string; mode: string; up: boolean; last_error: string | null; last_check: string | null }>;
}

describe('background health checks', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = track(await startObservedGateway({ configure: (config) => ({ ...config, health_checks: { interval_ms: 100, timeout_ms: 500 } }) }));
  });

  async function ready(): Promise<{ status: number; body: ReadyBody }> {
    const response = await fetch(`${observed.gateway.url}/ready`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  }

  async function connectionUp(connection: string): Promise<number> {
    return valueOf(await observed.scrape(), 'switchyard_connection_up', { connection });
  }

  it('lists every connection with its state on /ready and sets connection_up to 1', async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.connections).toEqual([
      { name: 'ollama', mode: 'ollama', up: true, last_error: null, last_check: expect.any(String), load: expect.toBeOneOf([null, 0]) },
      { name: 'vllm', mode: 'openai_compatible', up: true, last_error: null, last_check: expect.any(String), load: expect.toBeOneOf([null, 0]) },
    ]);
    expect(Number.isNaN(Date.parse(body.connections[0]?.last_check ?? ''))).toBe(false);
    expect(await connectionUp('ollama')).toBe(1);
    expect(await connectionUp('vllm')).toBe(1);
  });

  it('checks again every interval_ms: last_check moves on', async () => {
    const first = (await ready()).body.connections[0]?.last_check ?? '';
    await eventually('a later health check', async () => expect(Date.parse((await ready()).body.connections[0]?.last_check ?? '')).toBeGreaterThan(Date.parse(first)));
  });

  it('marks a failing connection down with its last error, and stays ready while another is up', async () => {
    observed.ollama.scenarioScope = 'all';
    observed.ollama.scenario = 'http-500';
    await eventually('the ollama connection to be marked down', async () => expect(await connectionUp('ollama')).toBe(0));
    const { status, body } = await ready();
    expect(status).toBe(200);
    const ollama = body.connections.find((connection) => connection.name === 'ollama');
    expect(ollama?.up).toBe(false);
    expect(ollama?.last_error).toMatch(/500/);
    expect(await connectionUp('vllm')).toBe(1);
  });

  it('answers 503 unavailable once every connection is down, and recovers', async () => {
    observed.vllm.scenarioScope = 'all';
    observed.vllm.scenario = 'http-500';
    await eventually('every connection to be down', async () => {
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.status).toBe('unavailable');
      expect(body.connections.every((connection) => !connection.up)).toBe(true);
    });
    expect(await connectionUp('vllm')).toBe(0);
    observed.ollama.scenario = 'normal';
    observed.vllm.scenario = 'normal';
    await eventually('both connections to recover', async () => {
      const { status, body } = await ready();
      expect(status).toBe(200);
      expect(body.connections.map((connection) => [connection.up, connection.last_error])).toEqual([
        [true, null],
        [true, null],
      ]);
    });
    expect(await connectionUp('ollama')).toBe(1);
  });

  it('logs when a connection goes down and comes back', () => {
    const messages = observed.gateway.logs.filter((line) => line.connection === 'ollama').map((line) => line.msg);
    expect(messages).toContain('connection is down');
    expect(messages.lastIndexOf('connection is up')).toBeGreaterThan(messages.indexOf('connection is down'));
  });
});

describe('/ready before the first check has finished', () => {
  it('waits for a first result instead of reporting every connection down', async () => {
    const observed = trackForTest(await startObservedGateway());
    const response = await fetch(`${observed.gateway.url}/ready`);
    expect(response.status).toBe(200);
  });
});
