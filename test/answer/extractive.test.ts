import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/types.js';
import type { Runtime } from '../../src/runtime.js';
import { offlineRuntime } from '../helpers/runtime.js';

let runtime: Runtime;
const chunkText = (id: string) => runtime.index.chunks.find((c) => c.id === id)?.text;

/** The invariants every answer keeps: markers and citations match one to one, quotes are verbatim. */
function expectWellCited(answer: Answer): void {
  const markers = new Set([...answer.text.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])));
  expect([...markers].sort((a, b) => a - b)).toEqual(answer.citations.map((c) => c.n));
  for (const c of answer.citations) {
    expect(chunkText(c.chunkId)).toContain(c.quote);
    expect(answer.retrieved.map((r) => r.chunkId).includes(c.chunkId) || runtime.index.chunks.some((x) => x.id === c.chunkId)).toBe(true);
  }
}

beforeAll(async () => {
  runtime = await offlineRuntime();
});

describe('extractive answers', () => {
  it('finds the field that fits a project described in Thai, and answers in Thai', async () => {
    const answer = await runtime.answers.ask({ question: 'บริษัทเราพัฒนาดาวเทียมขนาดเล็ก ควรอยู่สาขาความร่วมมือใด' });
    expect(answer).toMatchObject({ found: true, language: 'th', mode: 'extractive', kind: 'field-match' });
    expect(answer.text).toMatch(/[\u0e00-\u0e7f]/u);
    expect(answer.citations[0]?.quote).toBe('10. 空间技术与应用：遥感、导航、地理信息、通信和卫星技术、小型卫星等。');
    expect(answer.text).toContain('小型卫星');
    expectWellCited(answer);
  });

  it('returns the exact text of a numbered initiative item, with its section path', async () => {
    const answer = await runtime.answers.ask({ question: 'What does item 4 of the Innovation Road cooperation initiative say exactly?' });
    expect(answer).toMatchObject({ found: true, language: 'en', kind: 'quote' });
    expect(answer.citations[0]).toMatchObject({
      docId: '003_61e2e90163225e43',
      section: '“创新之路”合作倡议 > 4 共建联合实验室',
      quote: '4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发',
    });
    expect(answer.text).toContain('[1] 4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发');
    expect(answer.text).toContain(runtime.i18n.t('en', 'answer.translationOwnLabel'));
    expect(answer.citations[0]?.translation).toMatchObject({ lang: 'en' });
    expect(answer.citations[0]?.translation?.text).toMatch(/^4\. Jointly build joint laboratories/u);
    expectWellCited(answer);
  });

  it('quotes a principle verbatim in its original script for a Traditional Chinese reader', async () => {
    const answer = await runtime.answers.ask({ question: '伙伴計劃的「需求導向」原則原文是什麼？' });
    expect(answer).toMatchObject({ found: true, language: 'zh-Hant', kind: 'quote' });
    expect(answer.citations[0]?.quote).toBe('需求导向  围绕东盟及各成员国科技发展的重大需求，集成资源，务实开展全方位合作。');
    expect(answer.text).not.toContain('English translation');
  });

  it('lists all priority fields, named in the reader’s language and cited one by one', async () => {
    const answer = await runtime.answers.ask({ question: 'Apa saja bidang prioritas dalam Program Kemitraan Sains dan Teknologi China-ASEAN?' });
    expect(answer).toMatchObject({ found: true, language: 'id', kind: 'fields' });
    const quotes = answer.citations.map((c) => c.quote);
    expect(quotes).toContain('1. 农业：农作物育种与栽培、农产品加工、农业机械化、土壤改良等。');
    expect(quotes).toContain('10. 空间技术与应用：遥感、导航、地理信息、通信和卫星技术、小型卫星等。');
    expect(quotes.filter((q) => /^\d+[.、]/u.test(q)).length).toBeGreaterThanOrEqual(16);
    expectWellCited(answer);
  });

  it('says plainly, in Vietnamese, that the documents give no contact details, and invents none', async () => {
    const answer = await runtime.answers.ask({ question: 'Cho mình xin email hoặc số điện thoại của ban thư ký chương trình đối tác?' });
    expect(answer).toMatchObject({ found: false, language: 'vi', kind: 'not-found' });
    expect(answer.text.split('\n')[0]).toBe(runtime.i18n.t('vi', 'answer.lacks.contact'));
    expect(answer.text).not.toMatch(/@|https?:|\+?\d{3}[\s-]\d{3}/u);
    expectWellCited(answer);
  });

  it('declines an off-topic question briefly, without passages', async () => {
    const answer = await runtime.answers.ask({ question: 'What is the recipe for green curry with coconut milk?' });
    expect(answer).toMatchObject({ found: false, language: 'en', citations: [], kind: 'off-topic' });
    expect(answer.text.startsWith(runtime.i18n.t('en', 'chat.offTopic'))).toBe(true);
  });

  it('keeps a question about travel support on topic, though a fare for the asker\'s own trip is off-topic', async () => {
    for (const question of ['is the air ticket covered?', 'does the training pay for the flight?']) {
      expect({ question, kind: (await runtime.answers.ask({ question })).kind }).not.toEqual({ question, kind: 'off-topic' });
    }
    expect((await runtime.answers.ask({ question: 'how much are flight tickets from Kunming to Hanoi next friday usually' })).kind).toBe('off-topic');
  });

  it('declines a question whose subject the documents do not cover, naming topics they do cover in the reader’s language', async () => {
    const answer = await runtime.answers.ask({ question: 'Does the program offer scholarships for scuba diving instructors?' });
    expect(answer).toMatchObject({ found: false, language: 'en', citations: [], kind: 'not-found' });
    expect(answer.text.startsWith(runtime.i18n.t('en', 'answer.notCovered'))).toBe(true);
    expect(answer.text).not.toMatch(/[\u4e00-\u9fff]/u);
  });

  it('lets an explicit language choice win over detection, and uses a hint only for ambiguous text', async () => {
    const chosen = await runtime.answers.ask({ question: 'Where was the 6th conference held?', locale: 'km', localeIsChoice: true });
    expect(chosen.language).toBe('km');
    expect(chosen.text).toMatch(/[\u1780-\u17ff]/u);
    const hinted = await runtime.answers.ask({ question: 'Where was the 6th conference held?', locale: 'km' });
    expect(hinted.language).toBe('en');
    expect(hinted.citations.some((c) => chunkText(c.chunkId)?.includes('在南宁召开'))).toBe(true);
  });

  it('rejects an empty question with a clear error', async () => {
    await expect(runtime.answers.ask({ question: '   ' })).rejects.toThrow(/empty/u);
  });
});
