import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startObservedGateway, type ObservedGateway } from './observed-gateway.js';
import { valueOf } from './prometheus-text.js';

interface ReadyBody {
  status: 'ready' | 'unavailable';
  connections: Array<{ name: string; mode: string; up: boolean; last_error: string | null; last_check: string | null }>;
}

describe('background health checks', () => {
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = await startObservedGateway({ configure: (config) => ({ ...config, health_checks: { interval_ms: 100, timeout_ms: 500 } }) });
  });

  afterAll(() => observed.close());

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
      { name: 'ollama', mode: 'ollama', up: true, last_error: null, last_check: expect.any(String) },
      { name: 'vllm', mode: 'openai_compatible', up: true, last_error: null, last_check: expect.any(String) },
    ]);
    expect(Number.isNaN(Date.parse(body.connections[0]?.last_check ?? ''))).toBe(false);
    expect(await connectionUp('ollama')).toBe(1);
    expect(await connectionUp('vllm')).toBe(1);
  });

  it('checks again every interval_ms: last_check moves on', async () => {
    const first = (await ready()).body.connections[0]?.last_check ?? '';
    await eventually(async () => expect(Date.parse((await ready()).body.connections[0]?.last_check ?? '')).toBeGreaterThan(Date.parse(first)));
  });

  it('marks a failing connection down with its last error, and stays ready while another is up', async () => {
    observed.ollama.scenarioScope = 'all';
    observed.ollama.scenario = 'http-500';
    await eventually(async () => expect(await connectionUp('ollama')).toBe(0));
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
    await eventually(async () => {
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body.status).toBe('unavailable');
      expect(body.connections.every((connection) => !connection.up)).toBe(true);
    });
    expect(await connectionUp('vllm')).toBe(0);
    observed.ollama.scenario = 'normal';
    observed.vllm.scenario = 'normal';
    await eventually(async () => {
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
    const observed = await startObservedGateway();
    try {
      const response = await fetch(`${observed.gateway.url}/ready`);
      expect(response.status).toBe(200);
    } finally {
      await observed.close();
    }
  });
});
