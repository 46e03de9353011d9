/**
 * A token bucket per user: `perMinute` questions a minute, with bursts up to the same number. `take` says
 * whether the user may ask now, and, the first time they may not, that one polite notice is due.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  constructor(private readonly perMinute: number) {}

  take(user: string, now = Date.now()): { ok: boolean; warn: boolean } {
    const b = this.buckets.get(user) ?? { tokens: this.perMinute, at: now, warned: false };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.buckets.set(user, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return { ok: true, warn: false };
    }
    const warn = !b.warned;
    b.warned = true;
    return { ok: false, warn };
  }
}
