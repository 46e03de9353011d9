import { describe, expect, it } from 'vitest';
import { LiteralSet } from '../../src/core/literal-set.js';

describe('LiteralSet: which literals occur in a text, in one pass', () => {
  it('finds overlapping literals, literals inside others and literals in other scripts', () => {
    const set = new LiteralSet(['he', 'she', 'his', 'hers', 'คำสั่ง', '指令', 'x']);
    expect([...set.present('ushers')]).toEqual([1, 1, 0, 1, 0, 0, 0]);
    expect([...set.present('ละเลยคำสั่งเดิม 忽略指令')]).toEqual([0, 0, 0, 0, 1, 1, 0]);
    expect([...set.present('')]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('agrees with String.includes on random texts over a small alphabet', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const word = (len: number) => Array.from({ length: len }, () => 'abcก'[rand(4)]).join('');
    const literals = [...new Set(Array.from({ length: 40 }, () => word(1 + rand(5))))];
    const set = new LiteralSet(literals);
    for (let t = 0; t < 300; t++) {
      const text = word(rand(60));
      expect([...set.present(text)]).toEqual(literals.map((l) => (text.includes(l) ? 1 : 0)));
    }
  });

  it('refuses an empty literal, which would match every text', () => {
    expect(() => new LiteralSet(['a', ''])).toThrow(/empty literal/u);
  });
});
