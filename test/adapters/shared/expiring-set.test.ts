import { describe, expect, it } from 'vitest';
import { ExpiringSet } from '../../../src/adapters/shared/expiring-set.js';

describe('ExpiringSet', () => {
  it('claims a key once until it expires, then again', () => {
    let now = 1000;
    const set = new ExpiringSet({ ttlMs: 100, max: 10, now: () => now });
    expect(set.claim('a')).toBe(true);
    expect(set.claim('a')).toBe(false);
    now = 1099;
    expect(set.claim('a')).toBe(false);
    now = 1100;
    expect(set.has('a')).toBe(false);
    expect(set.claim('a')).toBe(true);
  });

  it('keeps a key until its own expiry time when one is given', () => {
    let now = 0;
    const set = new ExpiringSet({ ttlMs: 10, max: 10, now: () => now });
    expect(set.claim('sig', 500)).toBe(true);
    now = 499;
    expect(set.claim('sig')).toBe(false);
    now = 500;
    expect(set.claim('sig')).toBe(true);
  });

  it('stays bounded: expired keys are swept and, when full, the oldest claims are forgotten', () => {
    let now = 0;
    const set = new ExpiringSet({ ttlMs: 100, max: 3, now: () => now });
    for (const k of ['a', 'b', 'c', 'd']) expect(set.claim(k)).toBe(true);
    expect(set.size).toBe(3);
    expect(set.has('a')).toBe(false);
    expect(set.has('d')).toBe(true);
    now = 200;
    set.claim('e');
    expect(set.size).toBe(1);
  });
});
