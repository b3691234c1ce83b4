/** The gate every Redis call goes through: bounded, answered locally when down, logged once. */
import { describe, expect, it } from 'vitest';
import { RedisHealth } from '../../../src/state/redis-health.js';
import { captureLog } from './open-test-store.js';

function replyError(message: string): Error {
  const error = new Error(message);
  error.name = 'ReplyError';
  return error;
}

function upHealth(boundMs = 50) {
  const log = captureLog();
  const health = new RedisHealth(log.logger, boundMs);
  health.markUp();
  return { health, log };
}

describe('RedisHealth', () => {
  it('answers locally, and marks Redis down, when a call is late', async () => {
    const { health } = upHealth(50);
    const answer = await health.attempt(() => new Promise<string>(() => undefined), async () => 'local');
    expect(answer).toBe('local');
    expect(health.up).toBe(false);
  });

  it('does not try Redis while it is down', async () => {
    const { health } = upHealth();
    health.markDown(new Error('refused'));
    let tried = false;
    await health.attempt(async () => (tried = true), async () => false);
    expect(tried).toBe(false);
  });

  it('logs a warning when Redis goes away and an info line when it is back, once each', () => {
    const { health, log } = upHealth();
    const changes: boolean[] = [];
    health.onChange((up) => changes.push(up));
    for (let call = 0; call < 5; call += 1) health.noteFailure(new Error('Connection is closed.'));
    health.markUp();
    health.markUp();
    expect(changes).toEqual([false, true]);
    expect(log.warnings()).toHaveLength(1);
    expect(log.infos()).toHaveLength(1);
  });

  it('stays up on an error Redis answered with, logging it once a minute at most', async () => {
    const { health, log } = upHealth();
    for (let call = 0; call < 3; call += 1) {
      const answer = await health.attempt(() => Promise.reject(replyError('OOM command not allowed')), async () => 'local');
      expect(answer).toBe('local');
    }
    expect(health.up).toBe(true);
    expect(log.warnings().map((line) => line.msg)).toEqual(['state store: Redis refused a command; this request used local state']);
  });

  it('is marked up by a probe that succeeds', async () => {
    const { health } = upHealth();
    health.markDown(new Error('refused'));
    expect(await health.probe(async () => 'pong')).toBe('pong');
    expect(health.up).toBe(true);
  });
});
