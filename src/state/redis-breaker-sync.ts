/**
 * Keeps this replica's breaker mirror in step with every other replica's through Redis:
 * a publish writes the hash `<prefix>breakers` (key → open until, epoch ms) and announces
 * it on the channel of the same name; each replica applies what it hears to its mirror
 * and, every `resyncIntervalMs`, reads the whole hash again for anything missed (a
 * message lost while its subscriber reconnected, a replica started after the publish).
 *
 * A publish made while Redis is down stays local and is sent again once Redis is back,
 * before the first resync would overwrite it.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BreakerMirror } from './breaker-mirror.js';
import type { RedisHealth } from './redis-health.js';

const messageSchema = z.object({ origin: z.string(), key: z.string(), until: z.number() });

export class RedisBreakerSync {
  /** Tells this replica's own messages apart: it applied them when it published. */
  private readonly origin = randomUUID();
  /** Keys whose last publish did not reach Redis. */
  private readonly unpublished = new Set<string>();
  /** Counts changes to the mirror, so a resync that overlapped one does not undo it. */
  private changes = 0;
  private resyncing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly mirror: BreakerMirror,
    private readonly health: RedisHealth,
    private readonly hashKey: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === hashKey) this.apply(message);
    });
  }

  /** Subscribes and starts resyncing; the promise settles once subscribed. */
  start(resyncIntervalMs: number): Promise<unknown> {
    this.timer = setInterval(() => void this.resync(), resyncIntervalMs).unref();
    // The subscriber queues SUBSCRIBE until it is connected and repeats it on reconnect.
    const subscribed = this.subscriber.subscribe(this.hashKey);
    subscribed.catch(() => undefined);
    return subscribed;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Sets the mirror at once, then shares the change; 0 closes. */
  async publish(key: string, until: number): Promise<void> {
    this.mirror.set(key, until);
    this.changes += 1;
    await this.share(key, until);
  }

  /** Reads the whole hash into the mirror; also how a Redis that was down is seen back. */
  async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    try {
      const changesBefore = this.changes;
      const hash = await this.health.probe(() => this.client.hgetall(this.hashKey));
      if (hash === undefined) return;
      if (this.unpublished.size > 0) {
        await this.republish();
        return; // the next resync reads them back with everyone else's
      }
      if (this.changes === changesBefore) this.mirror.replaceAll(parseHash(hash));
    } finally {
      this.resyncing = false;
    }
  }

  private async share(key: string, until: number): Promise<void> {
    const shared = await this.health.attempt(
      async () => {
        const transaction = this.client.multi();
        if (until > 0) transaction.hset(this.hashKey, key, String(until));
        else transaction.hdel(this.hashKey, key);
        transaction.publish(this.hashKey, JSON.stringify({ origin: this.origin, key, until }));
        for (const [error] of (await transaction.exec()) ?? []) {
          if (error) throw error;
        }
        return true;
      },
      async () => false,
    );
    if (shared) this.unpublished.delete(key);
    else this.unpublished.add(key);
  }

  private async republish(): Promise<void> {
    for (const key of [...this.unpublished]) await this.share(key, this.mirror.openUntil(key));
  }

  private apply(message: string): void {
    let parsed: z.infer<typeof messageSchema>;
    try {
      parsed = messageSchema.parse(JSON.parse(message));
    } catch {
      return; // not ours (someone else on the channel): ignored
    }
    if (parsed.origin === this.origin) return;
    this.mirror.set(parsed.key, parsed.until);
    this.changes += 1;
  }
}

function parseHash(hash: Record<string, string>): Map<string, number> {
  const entries = new Map<string, number>();
  for (const [key, value] of Object.entries(hash)) {
    const until = Number(value);
    if (Number.isFinite(until)) entries.set(key, until);
  }
  return entries;
}
