import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simplifiedToTaiwan, taiwanToSimplified } from '../../src/core/han-convert.js';

type Convert = (text: string) => string;
const OpenCC = createRequire(import.meta.url)('opencc-js') as { Converter(o: { from: string; to: string }): Convert };

describe('conversion between the Chinese scripts', () => {
  it('chooses by phrase where one Simplified character has several Traditional ones', () => {
    expect(simplifiedToTaiwan('她的头发很长')).toBe('她的頭髮很長');
    expect(simplifiedToTaiwan('我们干杯')).toBe('我們乾杯');
    expect(simplifiedToTaiwan('干部')).toBe('幹部');
    expect(simplifiedToTaiwan('一碗面条')).toBe('一碗麵條');
    expect(simplifiedToTaiwan('里面')).toBe('裡面');
    expect(taiwanToSimplified('越南水產交流計畫')).toBe('越南水产交流计划');
    expect(taiwanToSimplified('裡面很乾燥')).toBe('里面很干燥');
  });

  it('leaves other scripts, numbers and characters outside the dictionaries as they are, astral ones included', () => {
    expect(simplifiedToTaiwan('Deadline 2027-03-15, ອີເມວ')).toBe('Deadline 2027-03-15, ອີເມວ');
    expect(simplifiedToTaiwan('𠀀𪚥')).toBe('𠀀𪚥');
    expect(simplifiedToTaiwan('')).toBe('');
  });

  it('passes over an ideographic description sequence whole, as OpenCC does', () => {
    const described = '⿰氵发';
    expect(simplifiedToTaiwan(described)).toBe(OpenCC.Converter({ from: 'cn', to: 'tw' })(described));
  });

  it('gives exactly what opencc-js gives, line by line, over the seed corpus and its aligned versions', async () => {
    const s2tw = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const tw2s = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const lines: string[] = [];
    for (const dir of ['corpus/documents', 'corpus/aligned']) {
      for (const file of await readdir(dir)) lines.push(...(await readFile(join(dir, file), 'utf8')).split('\n').filter((l) => /[\u3400-\u9fff]/u.test(l)));
    }
    expect(lines.length).toBeGreaterThan(500);
    const differ = (ours: Convert, theirs: Convert) => lines.filter((l) => ours(l) !== theirs(l));
    expect(differ(simplifiedToTaiwan, s2tw)).toEqual([]);
    expect(differ(taiwanToSimplified, tw2s)).toEqual([]);
    // Both directions do change these lines: the comparison is not of texts left alone.
    expect(lines.filter((l) => simplifiedToTaiwan(l) !== l).length).toBeGreaterThan(100);
    expect(lines.map(simplifiedToTaiwan).filter((l) => taiwanToSimplified(l) !== l).length).toBeGreaterThan(100);
  });
});
