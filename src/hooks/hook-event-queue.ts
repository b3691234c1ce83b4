/**
 * The custom SSE events hooks emit for one streaming request (`ctx.emit(event)`), waiting
 * for the stream writer to send them as `data: {"event": …}`, the shape Open WebUI and
 * Hayhooks read as status updates. Emitting never throws, even from a callback that runs
 * after the hook returned: an event that cannot be sent is logged once and left out.
 */
import type { HookLogger } from './hook-types.js';

/** An emitted event as the SSE payload a streaming client gets. */
export interface HookEventPayload {
  event: Record<string, unknown>;
}

/** Undrained events beyond this many are dropped: a hook must not fill the memory. */
const maxQueuedEvents = 1000;

export class HookEventQueue {
  private readonly events: HookEventPayload[] = [];
  private warned = false;

  constructor(
    /** Whether the client streams; events for any other client are dropped, as there is no stream to carry them. */
    private readonly stream: boolean,
    private readonly requestId: string,
    private readonly logger: HookLogger,
  ) {}

  emit(event: unknown): void {
    if (!this.stream) return;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      this.dropOnce('hook event dropped: emit() takes an object, such as { type: "status", data: { description: "…", done: false } }');
      return;
    }
    if (this.events.length >= maxQueuedEvents) {
      this.dropOnce(`hook events dropped: more than ${maxQueuedEvents} waited undrained`);
      return;
    }
    try {
      // A copy: the hook may change its object later, and one that cannot be written as
      // JSON (a cycle, a BigInt) is refused here rather than failing the stream writer.
      this.events.push({ event: JSON.parse(JSON.stringify(event)) as Record<string, unknown> });
    } catch (error) {
      this.dropOnce(`hook event dropped: it cannot be written as JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** The events emitted since the last drain, in order. */
  drain(): HookEventPayload[] {
    return this.events.splice(0, this.events.length);
  }

  private dropOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ requestId: this.requestId }, message);
  }
}
