/**
 * One connection as `/status` shows it, with and without the fleet signals a connection
 * may offer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectionSchema } from '../../../config/schema.js';
import { Connection } from '../../../src/upstream/connection.js';
import { readConnectionStatus } from '../../../src/status/read-connection-status.js';

const made: Connection[] = [];
afterEach(() => {
  for (const connection of made.splice(0)) connection.close();
});

function createConnection(extra: Record<string, unknown> = {}): Connection {
  const connection = new Connection(connectionSchema.parse({ name: 'box-a', mode: 'ollama', base_url: 'http://127.0.0.1:11434', failure_threshold: 1, ...extra }));
  made.push(connection);
  return connection;
}

describe('readConnectionStatus', () => {
  it('shows health, breaker, in-flight and queued requests as the connection holds them', async () => {
    const connection = createConnection({ max_concurrency: 1 });
    Object.assign(connection.health, { up: false, lastError: 'connect ECONNREFUSED', lastCheck: '2025-01-01T10:00:00.000Z' });
    connection.breaker.recordFailure();
    const release = await connection.limiter.acquire(new AbortController().signal);
    const waiting = new AbortController();
    const queued = connection.limiter.acquire(waiting.signal).catch(() => undefined);
    expect(readConnectionStatus(connection)).toMatchObject({
      name: 'box-a',
      mode: 'ollama',
      up: false,
      last_error: 'connect ECONNREFUSED',
      last_check: '2025-01-01T10:00:00.000Z',
      breaker: 'open',
      in_flight: 1,
      queued: 1,
    });
    waiting.abort();
    await queued;
    release();
  });

  it('shows up as null before the first health check answered', () => {
    expect(readConnectionStatus(createConnection()).up).toBeNull();
  });

  it('shows load and loaded models as unknown (null) when the connection offers none', () => {
    const status = readConnectionStatus(createConnection());
    expect(status.load).toBeNull();
    expect(status.loaded_models).toBeNull();
  });

  it('shows load and loaded models when the connection offers them', () => {
    const connection = createConnection();
    // What the load monitor read from the upstream: two models in memory, three requests waiting.
    connection.loadSnapshot = () => ({
      readAt: 0,
      sources: ['ollama_ps'],
      waiting: 3,
      loadedModels: [{ model: 'llama3.2:1b', expiresAt: '2025-01-01T10:05:00.000Z' }, { model: 'qwen3:0.6b' }],
    });
    expect(readConnectionStatus(connection)).toMatchObject({
      load: 3,
      loaded_models: [
        { name: 'llama3.2:1b', expires_at: '2025-01-01T10:05:00.000Z' },
        { name: 'qwen3:0.6b', expires_at: null },
      ],
    });
  });

  it('lists the per-model breakers that are not closed', () => {
    const connection = createConnection();
    connection.breakerFor('llama3.2:1b').recordFailure();
    connection.breakerFor('qwen3:0.6b');
    expect(readConnectionStatus(connection).model_breakers).toEqual({ 'llama3.2:1b': 'open' });
  });

  it('shows per-model breakers as unknown (null) when the connection keeps none', () => {
    const connection = createConnection();
    const bare = Object.create(connection, { modelBreakerStates: { value: undefined } }) as Connection;
    expect(readConnectionStatus(bare).model_breakers).toBeNull();
  });
});
