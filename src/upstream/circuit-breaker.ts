/**
 * Skips a connection that failed `threshold` times in a row, for `cooldownMs`; then lets
 * one request through as a probe. A success closes the breaker, a failure opens it again.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half_open' {
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
    this.consecutiveFailures = 0;
    this.probing = false;
  }

  recordFailure(): void {
    this.consecutiveFailures += 1;
    this.probing = false;
    if (this.consecutiveFailures >= this.threshold) this.openUntil = this.now() + this.cooldownMs;
  }
}
