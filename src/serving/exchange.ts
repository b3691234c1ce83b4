/**
 * One attempt's exchange with an upstream: the one place that owns its clocks and its end,
 * for passthrough and translated requests alike.
 *
 * - `timeout_ms` bounds the whole attempt, the wait for the first byte included;
 * - `idle_timeout_ms` bounds a silence once the answer has started, but never while the
 *   client is the one not reading (a slow reader is not the upstream's fault);
 * - the attempt is cancelled when the client goes away;
 * - a failure after bytes reached the client ends the response with a final error event.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { GatewayError } from '../../core/gateway-error.js';
import type { RequestContext } from '../observability/request-context.js';
import { errorFrame } from '../streaming/sse-writer.js';
import type { Connection } from '../upstream/connection.js';
import { toGatewayError, UpstreamTimeoutSignal } from '../upstream/upstream-failure.js';
import type { AttemptOutcome, FailureScope } from './attempt-outcome.js';

/** How a started stream is ended with an error, in the front door's own framing. */
export type ErrorEvent = (error: GatewayError) => string;

/** SSE and NDJSON bodies can carry a final error event; a JSON body cut short cannot. */
function isStreamType(contentType: unknown): boolean {
  const type = String(contentType ?? '');
  return type.startsWith('text/event-stream') || type.includes('ndjson');
}

export class Exchange {
  private readonly controller = new AbortController();
  private readonly totalTimer: NodeJS.Timeout;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once the upstream's response head arrived. */
  private answered = false;

  constructor(
    readonly connection: Connection,
    readonly context: RequestContext,
    private readonly res: ServerResponse,
    private readonly errorEvent: ErrorEvent = errorFrame,
  ) {
    const { timeout_ms } = connection.config;
    this.totalTimer = setTimeout(() => this.abort(new UpstreamTimeoutSignal('total', timeout_ms)), timeout_ms);
    const client = context.abort.signal;
    if (client.aborted) this.abort(client.reason);
    else client.addEventListener('abort', this.onClientGone, { once: true });
  }

  /** Aborted when the attempt must stop: a timeout, or the client went away. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Whether bytes of the answer reached the client. Waiting notices (comment lines sent
   * while a stream waits) are not the answer: another connection may still be tried.
   */
  get started(): boolean {
    return this.context.firstByteAt !== undefined;
  }

  /** Runs `listener` once when the attempt is aborted (to destroy the sockets of a forwarder). */
  onAbort(listener: () => void): void {
    if (this.signal.aborted) listener();
    else this.signal.addEventListener('abort', listener, { once: true });
  }

  /** The upstream's answer began: its body is watched for silences from now on. */
  watch(body: Readable): void {
    this.answered = true;
    const { idle_timeout_ms } = this.connection.config;
    this.idleTimer = setTimeout(this.onIdle, idle_timeout_ms);
    body.on('data', this.touch);
    // A client that drains after a long pause owes the upstream a full idle period.
    this.res.on('drain', this.touch);
  }

  /** The attempt ended with the upstream's whole answer delivered. */
  answeredWith(status: number, retryAfterSeconds?: number): AttemptOutcome {
    this.dispose();
    return { kind: 'answered', status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }

  /**
   * The attempt ended without a usable answer: whatever was thrown becomes the outcome,
   * and a response that already started is ended with the error event (or cut, when it is
   * not a stream: a JSON body cannot carry one).
   */
  failedWith(cause: unknown): AttemptOutcome {
    this.dispose();
    if (this.context.abort.signal.aborted) return { kind: 'client_gone' };
    // A timeout of the exchange's own explains the break better than the broken socket it caused.
    const error = toGatewayError(this.signal.aborted ? this.signal.reason : cause, this.connection.name, this.signal);
    const started = this.started;
    if (started) this.endStarted(error);
    else if (this.res.headersSent) this.context.errorMessage = error.message;
    return { kind: 'failed', error, started, scope: this.scopeOf(error) };
  }

  private endStarted(error: GatewayError): void {
    const { res } = this;
    this.context.errorMessage = error.message;
    if (res.writableEnded) return;
    if (isStreamType(res.getHeader('content-type'))) res.end(this.errorEvent(error));
    else res.destroy();
  }

  private scopeOf(error: GatewayError): FailureScope {
    const reason = error.upstreamReason;
    if (reason === 'refused') return 'connection';
    // Reset, or silent until timeout_ms, before any answer head: the box is not there.
    if (!this.answered && (reason === 'disconnected' || reason === 'timeout')) return 'connection';
    return 'model';
  }

  private readonly touch = (): void => {
    this.idleTimer?.refresh();
  };

  private readonly onIdle = (): void => {
    if (this.res.writableNeedDrain) {
      this.idleTimer?.refresh();
      return;
    }
    this.abort(new UpstreamTimeoutSignal('idle', this.connection.config.idle_timeout_ms));
  };

  private readonly onClientGone = (): void => {
    this.abort(this.context.abort.signal.reason);
  };

  private abort(reason: unknown): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  private dispose(): void {
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
    this.res.off('drain', this.touch);
    this.context.abort.signal.removeEventListener('abort', this.onClientGone);
  }
}
