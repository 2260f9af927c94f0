// A sliding-window limit on actions: at most `max` in any `windowMs`.
// Reference: the token-bucket / sliding-log rate limiters of API gateways (sliding log here).

export class ActionLimiter {
  private readonly times: number[] = [];
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Whether one more action at `time` stays within the limit (does not record it). */
  allows(time: number): boolean {
    while (this.times.length > 0 && (this.times[0] as number) <= time - this.windowMs) this.times.shift();
    return this.times.length < this.max;
  }

  record(time: number): void {
    this.times.push(time);
  }
}
