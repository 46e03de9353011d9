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

  it('leaves other scripts alone', () => {
    expect(toSimplifiedChars('ASEAN ไทย 2023')).toBe('ASEAN ไทย 2023');
    expect(toTraditionalChars('Tiếng Việt')).toBe('Tiếng Việt');
  });
});
