import type { RateDecision, Store } from '../../store/store.js';

/**
 * A token bucket per user, kept in the store (so that replicas on one PostgreSQL share the limits):
 * `perMinute` questions a minute, with bursts up to the same number. `take` says whether the user may ask
 * now, and, the first time they may not, that one polite notice is due.
 */
export class RateLimiter {
  constructor(
    private readonly perMinute: number,
    private readonly store: Pick<Store, 'takeToken'>,
  ) {}

  take(user: string, now = Date.now()): Promise<RateDecision> {
    return this.store.takeToken(`rate:${user}`, this.perMinute, now);
  }
}
