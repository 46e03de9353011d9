/**
 * A bounded set of keys, each kept until its own expiry time: what the chat adapters remember of what they
 * handled (Slack's request signatures and event ids, Telegram's update ids; `ttlMs: Infinity` keeps keys
 * until the bound pushes them out), so that a replay or a redelivery is recognised while memory stays
 * bounded whatever the traffic. Expired keys are swept from the oldest on
 * every claim; when the set is full the oldest claims are forgotten first.
 *
 * @example
 * const seen = new ExpiringSet({ ttlMs: 60_000, max: 1000 });
 * seen.claim('Ev1'); // true: first time
 * seen.claim('Ev1'); // false: already claimed and not expired
 */
export class ExpiringSet {
  private readonly expiries = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: { ttlMs: number; max: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
  }

  /** True the first time a key is claimed within its lifetime (default: now + ttlMs), false while it is remembered. */
  claim(key: string, expiresAt?: number): boolean {
    const now = this.now();
    this.sweep(now);
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, expiresAt ?? now + this.options.ttlMs);
    while (this.expiries.size > this.options.max) this.expiries.delete(this.expiries.keys().next().value!);
    return true;
  }

  /** Whether a key is remembered (claimed and not expired). */
  has(key: string): boolean {
    const known = this.expiries.get(key);
    return known !== undefined && known > this.now();
  }

  /** How many keys are held (expired ones not yet swept included). */
  get size(): number {
    return this.expiries.size;
  }

  private sweep(now: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(key);
    }
  }
}
