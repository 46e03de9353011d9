import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/shared/rate-limit.js';
import { splitText } from '../../../src/adapters/shared/split.js';
import { withoutOriginals } from '../../../src/adapters/shared/originals.js';
import { renderAnswer } from '../../../src/adapters/telegram/render.js';
import { createI18n } from '../../../src/i18n/i18n.js';
import type { Answer } from '../../../src/core/types.js';
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

describe("long replies in chat: the reader's version stays, the original goes behind the button", () => {
  const quote = '每项资助不超过50万元，实施期为2年。'.repeat(40);
  const version = 'Mỗi dự án được tài trợ tối đa 500.000 nhân dân tệ, thời gian thực hiện 2 năm.';
  const answer = (text: string, lang: 'vi' | 'en' = 'vi'): Pick<Answer, 'text' | 'citations' | 'language'> => ({
    language: 'vi',
    text,
    citations: [{ n: 1, docId: 'call', chunkId: 'call#1', title: 'Call', section: '', quote, start: 0, end: quote.length, translation: { lang, text: version } }],
  });

  it("takes out an original that the reader's own version follows, and nothing else", () => {
    const text = `Tài liệu nêu như sau:\n\n[1] ${quote}\n   Bản dịch (chỉ để tham khảo): ${version}`;
    expect(withoutOriginals(answer(text))).toBe(`Tài liệu nêu như sau:\n\n[1] Bản dịch (chỉ để tham khảo): ${version}`);
    // An English version is not the reader's own: the original stays.
    expect(withoutOriginals(answer(text, 'en'))).toBeNull();
    expect(withoutOriginals(answer(`[1] ${quote}`))).toBeNull();
  });

  it('renders a Telegram reply that would need several messages as one, with the version and without the original', async () => {
    const i18n = await createI18n();
    const text = `Tài liệu nêu như sau:\n\n[1] ${quote}\n   Bản dịch (chỉ để tham khảo): ${version}`;
    const full = { ...answer(text), id: 'a1', found: true, mode: 'extractive', kind: 'fact', retrieved: [], timings: { retrievalMs: 0, generationMs: 0, totalMs: 0 } } as Answer;
    const long = renderAnswer(full, i18n, 600);
    expect(long).toHaveLength(1);
    expect(long[0]).toContain(version);
    expect(long[0]).not.toContain('每项资助');
    // A short reply keeps the original beside its version.
    const short = renderAnswer({ ...full, text: `[1] 每项资助不超过50万元。\n   Bản dịch: ${version}`, citations: [{ ...full.citations[0]!, quote: '每项资助不超过50万元。' }] }, i18n, 600);
    expect(short[0]).toContain('每项资助不超过50万元。');
  });
});
