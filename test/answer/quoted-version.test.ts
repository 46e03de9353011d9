import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/core/types.js';
import { quotedVersion } from '../../src/answer/extractive.js';

const chunk = (text: string, translations: Chunk['translations']): Chunk => ({
  id: 'd#1', docId: 'd', sectionPath: ['一、申报'], text, start: 0, end: text.length, itemNumber: null, translations, sectionTranslations: {},
});
const quoteOf = (c: Chunk, sentence: string) => ({ text: sentence, start: c.text.indexOf(sentence) });

describe('the version shown beside a quote (quotedVersion)', () => {
  const call = chunk('项目实施期为两年。每项资助不超过50万元。申报截止日期为2027年3月31日。', {
    vi: 'Thời gian thực hiện dự án là hai năm. Mỗi dự án được tài trợ không quá 500.000 nhân dân tệ. Hạn chót nộp hồ sơ là ngày 31 tháng 3 năm 2027.',
    en: 'Projects run for two years. Each grant is at most 500,000 yuan. Applications close on 31 March 2027.',
  });

  it('is the quoted sentence’s own sentence of the version when both have as many sentences', () => {
    expect(quotedVersion(call, 'vi', quoteOf(call, '申报截止日期为2027年3月31日。'))).toEqual({ lang: 'vi', text: 'Hạn chót nộp hồ sơ là ngày 31 tháng 3 năm 2027.' });
    expect(quotedVersion(call, 'km', quoteOf(call, '项目实施期为两年。'))).toEqual({ lang: 'en', text: 'Projects run for two years.' });
  });

  it('is the whole version for a whole-passage quote, and none for a Chinese reader', () => {
    expect(quotedVersion(call, 'vi', { text: call.text, start: 0 })?.text).toBe(call.translations.vi);
    expect(quotedVersion(call, 'vi')?.text).toBe(call.translations.vi);
    expect(quotedVersion(call, 'zh-Hant', quoteOf(call, '项目实施期为两年。'))).toBeNull();
  });

  it('falls back to the whole version when the sentences do not line up, or a number of the quote is not in the sentence', () => {
    const merged = chunk(call.text, { en: 'Projects run for two years, and each grant is at most 500,000 yuan. Applications close on 31 March 2027.' });
    expect(quotedVersion(merged, 'en', quoteOf(merged, '每项资助不超过50万元。'))?.text).toBe(merged.translations.en);
    // Three sentences each, but the second of the version is not the second of the original: its numbers differ.
    const shifted = chunk('第一期共3个项目。第二期共8个项目。第三期共5个项目。', { en: 'The first round had 3 projects. The third round had 5 projects. The second round had 8 projects.' });
    expect(quotedVersion(shifted, 'en', quoteOf(shifted, '第二期共8个项目。'))?.text).toBe(shifted.translations.en);
    expect(quotedVersion(shifted, 'en', quoteOf(shifted, '第一期共3个项目。'))?.text).toBe('The first round had 3 projects.');
  });

  it('reads Khmer digits and grouped thousands as the same numbers', () => {
    const khmer = chunk('第一期共1000个项目。第二期共12个项目。', { km: 'ដំណាក់កាលដំបូងមាន ១,០០០ គម្រោង។ ដំណាក់កាលបន្ទាប់មាន ១២ គម្រោង។' });
    expect(quotedVersion(khmer, 'km', quoteOf(khmer, '第一期共1000个项目。'))).toEqual({ lang: 'km', text: 'ដំណាក់កាលដំបូងមាន ១,០០០ គម្រោង។' });
    expect(quotedVersion(khmer, 'km', quoteOf(khmer, '第二期共12个项目。'))).toEqual({ lang: 'km', text: 'ដំណាក់កាលបន្ទាប់មាន ១២ គម្រោង។' });
  });

  it('leaves out, where it cannot narrow the version, the sentences `keep` rejects, and gives none when it rejects all', () => {
    const merged = chunk(call.text, { en: 'Projects run for two years, and each grant is at most 500,000 yuan. Applications close on 31 March 2027.' });
    const noDates = (s: string) => !/\d{4}/u.test(s);
    expect(quotedVersion(merged, 'en', quoteOf(merged, '项目实施期为两年。'), noDates)?.text).toBe('Projects run for two years, and each grant is at most 500,000 yuan.');
    expect(quotedVersion(merged, 'en', quoteOf(merged, '项目实施期为两年。'), () => false)).toBeNull();
  });
});
