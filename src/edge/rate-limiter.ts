/**
 * Per-client request rate limit as a token bucket: `requestsPerMinute` tokens, refilled
 * evenly. Buckets are kept in an LRU so that many distinct clients cannot grow memory.
 */
import { LRUCache } from 'lru-cache';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 10_000 });

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
  take(client: string, requestsPerMinute: number): number {
    if (requestsPerMinute <= 0) return 0;
    const now = this.now();
    const perMs = requestsPerMinute / 60_000;
    const bucket = this.buckets.get(client) ?? { tokens: requestsPerMinute, updatedAt: now };
    bucket.tokens = Math.min(requestsPerMinute, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
