import { describe, expect, it } from 'vitest';
import { counterparts, designatorsOf, enumerates, labelledNumbers, labelledTogether, numbersLikeThings, numbersWith } from '../../src/answer/designators.js';

describe('designators: the label and number a question singles one of several like things out with', () => {
  it('reads label words with a number, codes and Chinese ordinals, in any script of digits', () => {
    expect(designatorsOf('For Cohort 3 (Da Nang/KL), when are results out?')).toEqual([{ label: 'cohort', number: 3, code: false }]);
    expect(designatorsOf('module M4 ở KL học tại trường nào')).toEqual([{ label: 'M', number: 4, code: true }]);
    expect(designatorsOf('khóa 2 bắt đầu ngày nào')).toEqual([{ label: 'khoa', number: 2, code: false }]);
    expect(designatorsOf('第三期的結業典禮是哪一天')).toEqual([{ label: '期', number: 3, code: false }]);
    expect(designatorsOf('angkatan ๒ kapan mulai')).toEqual([{ label: 'angkatan', number: 2, code: false }]);
  });

  it('reads the labels of every language that number like things, with their ordinal words', () => {
    expect(designatorsOf('รุ่นที่ 3 ปิดรับสมัครวันไหน')).toEqual([{ label: 'รุ่น', number: 3, code: false }]);
    expect(designatorsOf('ជំនាន់ទី៣ ចាប់ផ្ដើមពេលណា')).toEqual([{ label: 'ជំនាន់', number: 3, code: false }]);
    expect(designatorsOf('ລຸ້ນທີ 2 ເລີ່ມເມື່ອໃດ')).toEqual([{ label: 'ລຸ້ນ', number: 2, code: false }]);
    expect(designatorsOf('gelombang ke-2 kapan tutup')).toEqual([{ label: 'gelombang', number: 2, code: false }]);
    expect(designatorsOf('đợt thứ 2 hạn nộp khi nào')).toEqual([{ label: 'dot', number: 2, code: false }]);
    expect(designatorsOf('học phần 3 học ở đâu')).toEqual([{ label: 'hoc phan', number: 3, code: false }]);
    expect(designatorsOf('第二梯次報名截止')).toEqual([{ label: '梯次', number: 2, code: false }]);
  });

  it('gives the other labels of the same kind, and none for a word that numbers no like things', () => {
    const labels = counterparts({ label: '梯次', number: 2, code: false }).map((d) => d.label);
    expect(labels).toEqual(expect.arrayContaining(['cohort', 'batch', 'dot', 'รุ่น', '期']));
    expect(labels).not.toContain('module');
    expect(counterparts({ label: 'hsk', number: 4, code: false })).toEqual([]);
    expect([...numbersWith('รุ่นที่ 1 กรุงเทพฯ / รุ่นที่ 2 เชียงใหม่', { label: 'รุ่น', number: 2, code: false })].sort()).toEqual([1, 2]);
    expect(numbersLikeThings({ label: 'cohort', number: 3, code: false })).toBe(true);
    expect(numbersLikeThings({ label: 'M', number: 4, code: true })).toBe(true);
    // ("ngày 3" is a date; "under 35" an age.)
    expect(numbersLikeThings({ label: 'ngay', number: 3, code: false })).toBe(false);
    expect(numbersLikeThings({ label: 'under', number: 35, code: false })).toBe(false);
  });

  it('reads the numbers of every known label of a text in one pass, as numbersWith reads each', () => {
    const text = 'Cohort 1: Nanning; Cohort 2: Kunming. Module 3 online. 第二期 昆明 / 第3届 论坛. รุ่นที่ 4 กรุงเทพฯ. gelombang ke-2. HSK 4';
    const all = labelledNumbers(text);
    const expected: Record<string, number[]> = { cohort: [1, 2], module: [3], 期: [2], 届: [3], รุ่น: [4], gelombang: [2] };
    for (const [label, numbers] of Object.entries(expected)) {
      const d = { label, number: 1, code: false };
      expect(labelledTogether(d)).toBe(true);
      expect({ label, numbers: [...(all.get(label) ?? [])].sort() }).toEqual({ label, numbers });
      expect({ label, numbers: [...numbersWith(text, d)].sort() }).toEqual({ label, numbers });
    }
    expect([...all.keys()].sort()).toEqual(Object.keys(expected).sort());
    // (Any other word before a number, and codes, are read label by label.)
    expect(labelledTogether({ label: 'hsk', number: 4, code: false })).toBe(false);
    expect(labelledTogether({ label: 'M', number: 4, code: true })).toBe(false);
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
