/**
 * findRoutePattern: the route label of the metrics, from a fixed list, whatever path a
 * client sent.
 */
import { describe, expect, it } from 'vitest';
import { findRoutePattern } from '../../../src/observability/route-pattern.js';

describe('findRoutePattern', () => {
  it.each([
    ['POST', '/v1/chat/completions', '/v1/chat/completions'],
    ['POST', '/chat/completions?stream=true', '/v1/chat/completions'],
    ['POST', '/v1/completions', '/v1/completions'],
    ['POST', '/embeddings/', '/v1/embeddings'],
    ['GET', '/v1/models', '/v1/models'],
    ['GET', '/models/llama3.2:1b', '/v1/models/{id}'],
    ['GET', '/v1/models/vllm/Qwen/Qwen2.5-0.5B', '/v1/models/{id}'],
    ['HEAD', '/health', '/health'],
    ['GET', '/ready', '/ready'],
    ['GET', '/metrics', '/metrics'],
    ['POST', '/V1/Chat/Completions', '/v1/chat/completions'],
  ])('%s %s → %s', (method, url, route) => {
    expect(findRoutePattern(method, url)).toBe(route);
  });

  it.each([
    ['GET', '/v1/chat/completions'],
    ['POST', '/v1/chat/completions/extra'],
    ['GET', '/random/8d1e'],
    ['POST', '/v2/embeddings'],
    ['GET', '/'],
  ])('%s %s is unmatched', (method, url) => {
    expect(findRoutePattern(method, url)).toBe('unmatched');
  });
});
