import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/shared/rate-limit.js';
import { splitText } from '../../../src/adapters/shared/split.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { MemoryStore } from '../../../src/store/store.js';

describe('the per-user rate limit', () => {
  for (const [kind, open] of [['memory', () => new MemoryStore()], ['SQLite', () => new SqliteStore(':memory:')]] as const) {
    it(`allows a burst, then refuses with one notice, then refills with time (${kind} store)`, async () => {
      const limiter = new RateLimiter(3, open());
      const t0 = 1_000_000;
      const first = [];
      for (let i = 0; i < 3; i++) first.push((await limiter.take('u', t0)).ok);
      expect(first).toEqual([true, true, true]);
      expect(await limiter.take('u', t0)).toEqual({ ok: false, warn: true });
      expect(await limiter.take('u', t0 + 1000)).toEqual({ ok: false, warn: false });
      expect((await limiter.take('other', t0)).ok).toBe(true);
      expect((await limiter.take('u', t0 + 20_000)).ok).toBe(true);
    });
  }
});

describe('splitting long text', () => {
  it('cuts at paragraph, then sentence boundaries, within the limit, losing nothing', () => {
    const text = `${'第一段。'.repeat(30)}\n\n${'Second paragraph sentence. '.repeat(10)}`;
    const pieces = splitText(text, 100);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(100);
    expect(pieces.join('').replace(/\s+/gu, '')).toBe(text.replace(/\s+/gu, ''));
    expect(pieces[0]!.endsWith('。')).toBe(true);
  });

  it('never separates a Thai, Khmer or Burmese letter from its marks', () => {
    const text = 'กำลังพัฒนาที่ยั่งยืน'.repeat(40) + 'ស្រាវជ្រាវ'.repeat(40) + 'မြန်မာ'.repeat(40);
    const pieces = splitText(text, 37);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(37);
      expect(p).not.toMatch(/^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u17b6-\u17d3\u102b-\u103e]/u);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('measures pieces the way the platform counts them', () => {
    const pieces = splitText('a&b '.repeat(50), 40, (s) => s.replace(/&/gu, '&amp;').length);
    for (const p of pieces) expect(p.replace(/&/gu, '&amp;').length).toBeLessThanOrEqual(40);
  });
});
