import { describe, expect, it } from 'vitest';
import { toSimplified, toSimplifiedChars, toTraditional, toTraditionalChars } from '../../src/core/text.js';

describe('the character table of Traditional and Simplified', () => {
  it('agrees with OpenCC character by character on the seed documents’ vocabulary', () => {
    const traditional = '中國—東盟技術轉移與創新合作大會在廣西南寧開幕，聚焦人工智能、大健康等重點合作領域，聯合倡議';
    expect(toSimplifiedChars(traditional)).toBe(toSimplified(traditional));
    const simplified = '中国—东盟科技伙伴计划秘书处负责计划实施日常管理和协调工作';
    expect(toSimplifiedChars(toTraditionalChars(simplified))).toBe(simplified);
    expect(toTraditionalChars('东盟技术转移')).toBe(toTraditional('东盟技术转移'));
  });

  it('writes the Traditional words whose Simplified form is not their characters one by one as OpenCC does (計畫 is 计划)', () => {
    expect(toSimplifiedChars('越南水產交流計畫報名截止')).toBe('越南水产交流计划报名截止');
    expect(toSimplifiedChars('請回覆')).toBe(toSimplified('請回覆'));
    // Same length: offsets into the text still hold.
    expect(toSimplifiedChars('計畫書').length).toBe('計畫書'.length);
    // The character 畫 alone is still 画.
    expect(toSimplifiedChars('畫展')).toBe('画展');
  });

  it('gives a Simplified text and its Traditional twin the same form, applied once or twice (什麼 and 什么 are both 什么)', () => {
    expect(toSimplifiedChars('什麼時候截止？怎麼報名？')).toBe('什么时候截止？怎么报名？');
    expect(toSimplifiedChars('什么时候截止？怎么报名？')).toBe('什么时候截止？怎么报名？');
    // Every character the table writes is left as it is by the table.
    const every = String.fromCodePoint(...Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => 0x4e00 + i));
    const once = toSimplifiedChars(every);
    expect(toSimplifiedChars(once)).toBe(once);
  });

  it('leaves other scripts alone', () => {
    expect(toSimplifiedChars('ASEAN ไทย 2023')).toBe('ASEAN ไทย 2023');
    expect(toTraditionalChars('Tiếng Việt')).toBe('Tiếng Việt');
  });
});
