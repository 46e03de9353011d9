import type { Context, MiddlewareFn } from 'grammy';
import { ExpiringSet } from '../../shared/expiring-set.js';

/** How many recent update ids the bot remembers, to answer an update that Telegram delivers twice only once. */
export const RECENT_UPDATE_IDS = 10_000;

/** The ids of the most recent updates (bounded: the oldest are forgotten), as keys that never expire. */
export function recentUpdateIds(capacity = RECENT_UPDATE_IDS): ExpiringSet {
  return new ExpiringSet({ ttlMs: Infinity, max: capacity });
}

/**
 * Drops an update whose update_id was seen recently (Telegram redelivers an update whose acknowledgement it
 * did not get) and anything that is not an update at all. First in the chain, so a copy never waits for the
 * chat's turn. An update counts as seen from the moment it arrives: a copy that comes while the first is
 * still being answered is dropped too.
 */
export function skipRedelivered(recent: ExpiringSet, log?: (message: string) => void): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = (ctx.update as { update_id?: unknown } | null)?.update_id;
    if (typeof id !== 'number') return;
    if (!recent.claim(String(id))) {
      log?.(`telegram: update ${id} came again; it is answered once`);
      return;
    }
    await next();
  };
}
