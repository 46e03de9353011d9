import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lexicon, loadLexicon } from '../../src/retrieval/lexicon.js';

const lexicon = new Lexicon([
  { id: 'field.water', terms: { zh: ['水资源'], en: ['water resources', 'wastewater'], vi: ['nước thải'], th: ['น้ำเสีย'], pt: ['águas residuais'] } },
  { id: 'tech.satellite', terms: { en: ['satellite*'], ta: ['செயற்கைக்கோள்'] } },
  { id: 'intent.apply', terms: { en: ['apply'], fil: ['mag-apply'] } },
]);

describe('the lexicon', () => {
  it('tags text in any script with the concepts it names', () => {
    expect(lexicon.tag('水資源管理')).toEqual(['field.water']);
    expect(lexicon.tag('xử lý nuoc thai công nghiệp')).toEqual(['field.water']);
    expect(lexicon.tag('บำบัดน้ำ เสีย')).toEqual(['field.water']);
    expect(lexicon.tag('tratamento de aguas residuais')).toEqual(['field.water']);
    expect(lexicon.tag('சிறிய செயற்கைக்கோள்கள் பற்றியது')).toEqual(['tech.satellite']);
  });

  it('matches Latin terms as whole words, with * for endings', () => {
    expect(lexicon.tag('small satellites')).toEqual(['tech.satellite']);
    expect(lexicon.tag('reapply later')).toEqual([]);
    expect(lexicon.tag('pwede ba mag-apply?')).toEqual(expect.arrayContaining(['intent.apply']));
  });

  it('reads the words either side of a hyphen as words of their own ("Thai-China", "China-ASEAN"), and terms written with one whole', () => {
    const places = new Lexicon([
      { id: 'place.thailand', terms: { en: ['thai', 'thailand'] } },
      { id: 'place.china', terms: { en: ['china'] } },
      { id: 'mode.startup', terms: { en: ['start-up*'] } },
    ]);
    expect(places.tag('Thai-China research grant')).toEqual(['place.thailand', 'place.china']);
    expect(places.tag('the China-ASEAN start-ups')).toEqual(['place.china', 'mode.startup']);
    expect(places.tag('Chinatown')).toEqual([]);
  });

  it('reads a hyphen between letters as a space, in text and terms alike ("Smart-City" names a smart city)', () => {
    const hyphens = new Lexicon([
      { id: 'tech.smart_city', terms: { en: ['smart city', 'smart cities'] } },
      { id: 'call.money.stipend', terms: { en: ['per-diem'] } },
      { id: 'about', terms: { tet: ['kona-ba'] } },
    ]);
    expect(hyphens.tag('Exchange on Smart-City Traffic')).toEqual(['tech.smart_city']);
    expect(hyphens.tagCounts('a per diem of CNY 200, paid as per-diem').get('call.money.stipend')).toBe(2);
    expect(hyphens.tag('informasaun kona ba programa')).toEqual(['about']);
    // (Not a hyphen beside a digit: "COVID-19", "M-4" keep theirs.)
    expect(hyphens.tag('smart-2 city')).toEqual([]);
  });

  it('matches Thai, Lao, Khmer and Burmese terms only from a syllable start to a syllable end', () => {
    const syllables = new Lexicon([
      { id: 'call.closing', terms: { th: ['ปิดรับ'], lo: ['ປິດຮັບ'] } },
      { id: 'num.three', terms: { th: ['สาม'] } },
      { id: 'org.office', terms: { th: ['สำนักงาน'], km: ['ការិយាល័យ'] } },
    ]);
    expect(syllables.tag('ปิดรับสมัคร 31 มีนาคม')).toEqual(['call.closing']);
    expect(syllables.tag('เปิดรับสมัคร 1 กุมภาพันธ์')).toEqual([]);
    expect(syllables.tag('ເປີດຮັບສະໝັກ')).toEqual([]);
    expect(syllables.tag('สามารถสมัครได้')).toEqual([]);
    expect(syllables.tag('รับสาม คน')).toEqual(['num.three']);
    // Thai SARA AM as one character or as NFKC's two (ํ + า) is the same word.
    expect(syllables.tag('สำนักงานใหญ่')).toEqual(['org.office']);
    expect(syllables.tag('ส\u0e4d\u0e32นักงาน')).toEqual(['org.office']);
  });

  it('matches Indonesian and Malay terms with the enclitic -nya glued on, and no other language’s', () => {
    const lexicon = new Lexicon([
      { id: 'call.hard_copy', terms: { id: ['dokumen fisik'], en: ['hard copy'] } },
      { id: 'money.fee', terms: { ms: ['biaya'], en: ['fee'] } },
    ]);
    expect(lexicon.tag('dokumen fisiknya harus sampai kapan?')).toEqual(['call.hard_copy']);
    expect(lexicon.tag('biayanya berapa?')).toEqual(['money.fee']);
    expect(lexicon.tag('the feenya')).toEqual([]);
    expect(lexicon.tag('biayanyamu')).toEqual([]);
  });

  it('counts mentions', () => {
    expect(lexicon.tagCounts('wastewater and water resources').get('field.water')).toBe(2);
  });

  it('loads lexicon files and explains a malformed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lex-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify({ concepts: [{ concept: 'x.one', zh: ['一号'], id: ['satu'] }] }));
    const loaded = await loadLexicon(dir);
    expect(loaded.tag('nomor satu')).toEqual(['x.one']);
    await writeFile(join(dir, 'b.json'), JSON.stringify({ concepts: [{ concept: 'x.one', zh: ['重复'] }] }));
    await expect(loadLexicon(dir)).rejects.toThrow(/defined twice/u);
    await writeFile(join(dir, 'b.json'), '{ not json');
    await expect(loadLexicon(dir)).rejects.toThrow(/b\.json.*not valid JSON/u);
  });

  it('reads a concept of kind "unit" (a currency) as the unit of an answer, and refuses any other kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lex-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify({ concepts: [{ concept: 'call.money.currency_thb', kind: 'unit', en: ['baht'] }, { concept: 'x.grant', en: ['grant'] }] }));
    const loaded = await loadLexicon(dir);
    expect(loaded.get('call.money.currency_thb')?.unit).toBe(true);
    expect(loaded.get('x.grant')?.unit).toBeUndefined();
    expect(loaded.tag('30,000 baht grant')).toEqual(['call.money.currency_thb', 'x.grant']);
    await writeFile(join(dir, 'a.json'), JSON.stringify({ concepts: [{ concept: 'x.grant', kind: 'money', en: ['grant'] }] }));
    await expect(loadLexicon(dir)).rejects.toThrow(/"kind" may only be "unit"/u);
  });
});

describe('accents', () => {
  const lexicon = new Lexicon([
    { id: 'machinery.crane', terms: { vi: ['cần cẩu'] } },
    { id: 'apply.photo', terms: { vi: ['ảnh thẻ', 'hình thẻ'] } },
    { id: 'peace', terms: { vi: ['hòa bình'] } },
    { id: 'period', terms: { pt: ['período'] } },
    { id: 'exchange', terms: { tet: ['kámbiu'] } },
  ]);

  it('are ignored in text written without them, and must agree in text written with them', () => {
    expect(lexicon.tag('can cau hinh the nao')).toEqual(['machinery.crane', 'apply.photo']);
    // "cần cấu hình thế nào" (what configuration is needed) names neither a crane nor an ID photo.
    expect(lexicon.tag('laptop mang theo cần cấu hình thế nào?')).toEqual([]);
    expect(lexicon.tag('Xe cần cẩu và ảnh thẻ 4x6')).toEqual(['machinery.crane', 'apply.photo']);
  });

  it('may put the tone on either vowel, as both Vietnamese spellings do', () => {
    expect(lexicon.tag('hoà bình')).toEqual(['peace']);
    expect(lexicon.tag('HÒA BÌNH')).toEqual(['peace']);
    expect(lexicon.tag('o periodo de candidatura')).toEqual(['period']);
    // Portuguese and Tetum chat writes accents as it likes: only Vietnamese terms are held to theirs.
    expect(lexicon.tag('taxa kâmbiu ohin')).toEqual(['exchange']);
  });
});
