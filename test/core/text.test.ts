import { describe, expect, it } from 'vitest';
import { foldLatin, normalizeDigits, normalizeForMatch, parseNumeral, toSimplified, toTraditional } from '../../src/core/text.js';

describe('Traditional and Simplified Chinese', () => {
  it('match each other under the quote normalisation', () => {
    expect(normalizeForMatch('科研合作平臺是務實合作的重要載體')).toBe(normalizeForMatch('科研合作平台是务实合作的重要载体'));
    expect(normalizeForMatch('中新網(wǎng)南寧')).toBe('中新网南宁');
    expect(normalizeForMatch('近 150 名中外代表\n参会')).toBe('近150名中外代表参会');
  });

  it('convert both ways', () => {
    expect(toSimplified('東盟技術轉移')).toBe('东盟技术转移');
    expect(toTraditional('东盟技术转移')).toBe('東盟技術轉移');
  });
});

describe('numbers and letters', () => {
  it('reads Chinese numerals', () => {
    expect(parseNumeral('十五')).toBe(15);
    expect(parseNumeral('二十六')).toBe(26);
    expect(parseNumeral('一百零三')).toBe(103);
    expect(parseNumeral('11')).toBe(11);
    expect(parseNumeral('东盟')).toBeNull();
  });

  it('maps native digits to ASCII and folds Latin diacritics', () => {
    expect(normalizeDigits('ឆ្នាំ២០២៣ ๒๕๖๖ ၃ ໒໐ ௧௦')).toBe('ឆ្នាំ2023 2566 3 20 10');
    expect(foldLatin('Hợp tác Đổi mới CooperAÇÃO')).toBe('hop tac doi moi cooperacao');
  });
});

describe('stretched chat words', () => {
  it('reads a letter typed three times or more as one, but not Chinese characters or the www of an address', async () => {
    const { unstretched } = await import('../../src/core/input.js');
    expect(unstretched('halooo kak')).toBe('halo kak');
    expect(unstretched('สวัสดีค่าาา')).toBe('สวัสดีค่า');
    expect(unstretched('coffee and books')).toBe('coffee and books');
    expect(unstretched('谢谢谢谢')).toBe('谢谢谢谢');
    expect(unstretched('see www.example.org')).toBe('see www.example.org');
  });
});

describe('the script of a word', () => {
  it('tells the scripts apart that no text of another script can hold', async () => {
    const { scriptOf } = await import('../../src/core/text.js');
    expect(['南宁', 'ปิดรับ', 'ສະໝັກ', 'ការិយាល័យ', 'လျှောက်', 'விண்ணப்பம்', 'voucher', 'hồ sơ', '2027'].map(scriptOf)).toEqual(['han', 'th', 'lo', 'km', 'my', 'ta', 'other', 'other', 'other']);
  });
});
