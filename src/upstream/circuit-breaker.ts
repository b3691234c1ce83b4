export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * Skips what failed `threshold` times in a row, for `cooldownMs`; then lets one request
 * through as a probe. A success closes the breaker, a failure opens it again.
 * `onChange` hears each opening (a failed probe opens it again) and each closing.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: 'open' | 'closed') => void = () => undefined,
  ) {}

  get state(): BreakerState {
    if (this.consecutiveFailures < this.threshold) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half_open';
  }

  /** Whether a request may be sent now; in half-open state only the first caller may. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Until when (epoch ms of the injected clock) the breaker is open; 0 when it is closed. */
  get openUntilMs(): number {
    return this.consecutiveFailures >= this.threshold ? this.openUntil : 0;
  }

  /** Seconds until the breaker lets a probe through. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openUntil - this.now()) / 1000));
  }

  /**
   * Ends an attempt that says nothing about the upstream (the client went away, or the
   * request was refused before it was sent): a probe slot is handed back, counts unchanged.
   */
  releaseProbe(): void {
    this.probing = false;
  }

  recordSuccess(): void {
    this.reset();
  }

  /** A failure; at the threshold (or when a half-open probe fails) the breaker opens for `cooldownMs`. */
  recordFailure(): void {
    this.consecutiveFailures += 1;
    this.probing = false;
    if (this.consecutiveFailures >= this.threshold) {
      this.openUntil = this.now() + this.cooldownMs;
      this.onChange('open');
    }
  }

  /** Closes the breaker whatever its state. */
  reset(): void {
    const wasOpen = this.consecutiveFailures >= this.threshold;
    this.consecutiveFailures = 0;
    this.probing = false;
    if (wasOpen) this.onChange('closed');
  }
}
