import { describe, expect, it } from 'vitest';
import { designatorsOf, enumerates, numbersWith } from '../../src/answer/designators.js';

describe('designators: the label and number a question singles one of several like things out with', () => {
  it('reads label words with a number, codes and Chinese ordinals, in any script of digits', () => {
    expect(designatorsOf('For Cohort 3 (Da Nang/KL), when are results out?')).toEqual([{ label: 'cohort', number: 3, code: false }]);
    expect(designatorsOf('module M4 ở KL học tại trường nào')).toEqual([{ label: 'M', number: 4, code: true }]);
    expect(designatorsOf('khóa 2 bắt đầu ngày nào')).toEqual([{ label: 'khoa', number: 2, code: false }]);
    expect(designatorsOf('第三期的結業典禮是哪一天')).toEqual([{ label: '期', number: 3, code: false }]);
    expect(designatorsOf('angkatan ๒ kapan mulai')).toEqual([{ label: 'angkatan', number: 2, code: false }]);
  });

  it('reads no designator in a year, a score with decimals or a time', () => {
    expect(designatorsOf('is the 2027 deadline at 17:00? IELTS 6.5 needed')).toEqual([]);
  });

  it('finds the numbers a text writes with the label, in the forms documents use', () => {
    const cohort = { label: 'cohort', number: 3, code: false };
    expect([...numbersWith('Cohort: 3; City: Da Nang; Dates: 4-15 May', cohort)]).toEqual([3]);
    expect([...numbersWith('COHORT (2) Kunming, cohort 1 Nanning', cohort)].sort()).toEqual([1, 2]);
    expect([...numbersWith('Cohorts open in 2027', cohort)]).toEqual([]);
    expect([...numbersWith('M4 Kuala Lumpur; M12 online; AM4 is no module', { label: 'M', number: 4, code: true })].sort((a, b) => a - b)).toEqual([4, 12]);
    expect([...numbersWith('第一期 南宁；第3期 昆明', { label: '期', number: 3, code: false })].sort()).toEqual([1, 3]);
    // (Either Chinese script: 第11屆 of a Traditional text is the 11th 届.)
    expect(designatorsOf('第6届跟第11屆分别在哪开的')).toEqual([{ label: '届', number: 6, code: false }, { label: '届', number: 11, code: false }]);
    expect([...numbersWith('第11屆中國—東盟技術轉移與創新合作大會', { label: '届', number: 11, code: false })]).toEqual([11]);
  });

  it('counts a designator only where the documents number several like things, its own among them', () => {
    const d = { label: 'cohort', number: 3, code: false };
    expect(enumerates(['Cohort 1: Nanning', 'Cohort 2: Kunming', 'Cohort 3: Da Nang'], d)).toBe(true);
    expect(enumerates(['Cohort 1: Nanning', 'Cohort 2: Kunming'], d)).toBe(false);
    expect(enumerates(['Applicants under 35 may apply.'], { label: 'under', number: 35, code: false })).toBe(false);
  });
});
