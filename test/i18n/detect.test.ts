import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/languages.js';
import { detectLanguage } from '../../src/i18n/detect.js';
import { languageFromTag } from '../../src/core/languages.js';

const samples = readFileSync(new URL('../fixtures/language-samples.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { lang: string; text: string });

describe('language detection', () => {
  it('has at least three short samples for every language', () => {
    for (const lang of LANGUAGES) expect(samples.filter((s) => s.lang === lang).length).toBeGreaterThanOrEqual(3);
  });

  for (const lang of LANGUAGES) {
    it(`detects ${lang}`, () => {
      for (const s of samples.filter((x) => x.lang === lang)) {
        expect({ text: s.text, language: detectLanguage(s.text).language }).toEqual({ text: s.text, language: lang });
      }
    });
  }

  it('reads names inside a sentence as quoted, not as the writer’s language', () => {
    expect(detectLanguage('Apa aja bentuk kerja sama di China-ASEAN Science and Technology Partnership Program?').language).toBe('id');
    expect(detectLanguage('Qual é o prazo do China-ASEAN Technology Transfer Center?').language).toBe('pt');
  });

  it('reads a word of another script quoted in a Latin-script question as quoted, and the script of most of a message as its language', () => {
    expect(detectLanguage('O que diz exatamente o ข้อ 9 do anúncio tailandês? pode citar o texto?').language).toBe('pt');
    expect(detectLanguage('What exactly does មាត្រា 4 of the Cambodian notice say?').language).toBe('en');
    expect(detectLanguage('ทุน CASTEC training ปิดรับเมื่อไหร่').language).toBe('th');
    expect(detectLanguage('AI பத்தி இந்த documents-ல என்ன இருக்கு?').language).toBe('ta');
    expect(detectLanguage('Remote sensing fellowship-ல stipend amount எவ்வளவு?').language).toBe('ta');
  });

  it("reads a document's item label quoted in a question as quoted ('Điều 4' in Malay, 'ข้อ 9' in Chinese)", () => {
    expect(detectLanguage('Boleh bagi teks asal Điều 4 khoản 3 dalam garis panduan Vietnam tu? pasal tempoh bekerja').language).toBe('ms');
    expect(detectLanguage('泰文公告里 ข้อ 9（受资助者条件）原文怎么写的？给我原话').language).toBe('zh-Hans');
    expect(detectLanguage('Điều 4 nói gì?').language).toBe('vi');
    expect(detectLanguage('ข้อ 5 เขียนว่าอะไร').language).toBe('th');
    expect(detectLanguage('ช่วยยกข้อความเต็มของหัวข้อ 三 (二) ในประกาศภาษาจีนให้หน่อย').language).toBe('th');
  });

  it('reads Tamil typed in Latin letters as Tamil, and Malay by its own words', () => {
    expect(detectLanguage('hi bro, epdi irukeenga?').language).toBe('ta');
    expect(detectLanguage('Kunming training ku epdi apply pannanum?').language).toBe('ta');
    expect(detectLanguage('how do I apply for the Kunming training?').language).toBe('en');
    expect(detectLanguage('maaf, tersalah hantar').language).toBe('ms');
  });

  it('reads greetings of the day in the Latin-script languages', () => {
    expect(detectLanguage('Bom dia! tudo bem?').language).toBe('pt');
    expect(detectLanguage('Magandang umaga po').language).toBe('fil');
    expect(detectLanguage('Selamat petang').language).toBe('ms');
  });

  it('reads English content words borrowed into another language’s chat as borrowed', () => {
    expect(detectLanguage('Sino nanalo sa innovation and entrepreneurship competition?').language).toBe('fil');
    expect(['id', 'ms']).toContain(detectLanguage('Siapa pejabat yang tanda tangan joint initiative itu?').language);
    expect(detectLanguage('Which innovation competition winners received funding?').language).toBe('en');
    expect(['id', 'ms']).toContain(detectLanguage('assalamualaikum, hai').language);
  });

  it('tells the Chinese scripts apart by Taiwan’s chat words when no character differs', () => {
    expect(detectLanguage('哈哈哈 好喔').language).toBe('zh-Hant');
    expect(detectLanguage('安安～').language).toBe('zh-Hant');
    expect(detectLanguage('你好').language).toBe('zh-Hans');
    expect(detectLanguage('好的，那咋办').language).toBe('zh-Hans');
    // A character of one script decides, whatever the chat words.
    expect(detectLanguage('好喔，谢谢').language).toBe('zh-Hans');
  });

  it('uses the caller’s hint only when the text is ambiguous', () => {
    expect(detectLanguage('ok', 'th').language).toBe('th');
    expect(detectLanguage('5G?', 'pt-BR')).toMatchObject({ language: 'pt', method: 'hint' });
    expect(detectLanguage('What are the priority fields?', 'vi').language).toBe('en');
    expect(detectLanguage('研究', 'zh-TW').language).toBe('zh-Hant');
    expect(detectLanguage('ภาษาไทย', 'en').language).toBe('th');
  });

  it('maps platform language tags', () => {
    expect(languageFromTag('pt-BR')).toBe('pt');
    expect(languageFromTag('zh-hant')).toBe('zh-Hant');
    expect(languageFromTag('zh-CN')).toBe('zh-Hans');
    expect(languageFromTag('tl')).toBe('fil');
    expect(languageFromTag('de')).toBeNull();
  });
});
