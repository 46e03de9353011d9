import { describe, expect, it } from 'vitest';
import type { AlignedSegment, Chunk } from '../../src/core/types.js';
import { chunkDocument, titleBlock } from '../../src/ingest/chunk.js';
import { cleanText } from '../../src/ingest/clean.js';
import { syntheticDocument } from '../../src/ingest/synthetic.js';
import { ingestSeed } from '../helpers/corpus.js';
import { countOperations } from './operation-count.js';

describe('structure-aware chunking', () => {
  it('gives every item of the priority fields its full section path (001)', async () => {
    const { chunks } = await ingestSeed('001');
    const it9 = chunks.find((c) => c.text.startsWith('9. 信息技术'));
    expect(it9?.sectionPath).toEqual(['四、重点领域', '（二）重点技术领域', '9. 信息技术']);
    expect(it9?.itemNumber).toBe(9);
    const fields = chunks.filter((c) => c.sectionPath[1] === '（二）重点技术领域');
    expect(fields.map((c) => c.itemNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(chunks.find((c) => c.text.startsWith('4. 减灾防灾'))?.sectionPath.at(-1)).toBe('4. 减灾防灾');
    const policy = chunks.filter((c) => c.sectionPath[1] === '（一）科技政策与创新管理');
    expect(policy).toHaveLength(6);
  });

  it('makes each mode of cooperation and each principle a passage of its own (001)', async () => {
    const { chunks } = await ingestSeed('001');
    const modes = chunks.filter((c) => c.sectionPath[0] === '五、主要方式');
    expect(modes.map((c) => c.sectionPath[1])).toEqual([
      '（一）政策咨询', '（二）技术服务', '（三）人力资源开发', '（四）合作研究', '（五）共建联合实验室（联合研究中心）', '（六）共建科技园和示范基地', '（七）技术转移',
    ]);
    const principle = chunks.find((c) => c.sectionPath.join('>') === '三、原则>需求导向');
    expect(principle?.text).toBe('需求导向  围绕东盟及各成员国科技发展的重大需求，集成资源，务实开展全方位合作。');
  });

  it('makes the eight initiative items of 003 retrievable one by one', async () => {
    const { chunks } = await ingestSeed('003');
    const items = chunks.filter((c) => c.sectionPath[0] === '“创新之路”合作倡议' && c.itemNumber !== null);
    expect(items.map((c) => c.itemNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(items[3]!.text).toBe('4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发');
  });

  it('keeps offsets, aligned English and stable ids (004)', async () => {
    const { document, chunks } = await ingestSeed('004');
    for (const c of chunks) expect(document.text.slice(c.start, c.end)).toBe(c.text);
    const five = chunks.find((c) => c.itemNumber === 5);
    expect(five?.sectionPath[1]).toBe('五、強化政策溝通');
    expect(five?.translations.en).toMatch(/policy communication/iu);
    const again = await ingestSeed('004');
    expect(again.chunks.map((c) => c.id)).toEqual(chunks.map((c) => c.id));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('reads 第X条 articles and splits long paragraphs at sentence ends', () => {
    const long = '这是一个很长的句子。'.repeat(60);
    const text = `管理办法\n第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 ${long}`;
    const chunks = chunkDocument('doc', text, []);
    const first = chunks.find((c) => c.text.startsWith('第一条'));
    expect(first?.itemNumber).toBe(1);
    expect(first?.sectionPath).toEqual(['第一章 总则', '第一条 为了规范管理']);
    const second = chunks.filter((c) => c.itemNumber === 2);
    expect(second.length).toBeGreaterThan(1);
    for (const c of second) {
      expect(c.text.length).toBeLessThanOrEqual(360);
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(second[0]!.text.endsWith('。')).toBe(true);
  });
});

describe('the work of chunking grows linearly with the length of a document', () => {
  // Counted, not timed (see operation-count.ts): the work per character must stay the same when the document
  // doubles to about 2 MB. Each document is of a shape that once made a step quadratic.
  const lineStarts = (text: string) => [0, ...[...text.matchAll(/\n/gu)].map((m) => m.index + 1)];
  const withAligned = (text: string): AlignedSegment[] => [
    ...lineStarts(text).filter((_, i) => i % 3 === 0).map((start, i) => ({ lang: 'en' as const, start, text: `segment ${i}` })),
    ...lineStarts(text).filter((_, i) => i % 5 === 0).map((start, i) => ({ lang: 'vi' as const, start, text: `đoạn ${i}` })),
  ];
  const thai = (chars: number) => Array.from({ length: Math.ceil(chars / 3000) }, () => 'ทุนนี้สนับสนุนโครงการวิจัยร่วมระหว่างนักวิจัยไทย '.repeat(60)).join('\n');
  const shapes: [string, (chars: number) => { text: string; aligned: AlignedSegment[] }, (chunks: Chunk[], chars: number) => void][] = [
    ['mixed Chinese and English, with aligned versions of every third line', (n) => {
      const text = cleanText(syntheticDocument(n), 'zh-Hans').text;
      return { text, aligned: withAligned(text) };
    }, (chunks) => expect(chunks.filter((c) => c.translations.en && c.translations.vi).length).toBeGreaterThan(1000)],
    ['hard-wrapped, a quotation mark left open: one paragraph split at its sentence ends', (n) => ({ text: cleanText(syntheticDocument(n, { wrapped: true, unclosedQuote: true }), 'zh-Hans').text, aligned: [] }), (chunks, n) => expect(chunks.length).toBeGreaterThan(n / 400)],
    ['Thai paragraphs with no sentence end, cut at the limit', (n) => ({ text: thai(n), aligned: [] }), (chunks, n) => expect(chunks.length).toBeGreaterThan(n / 1400)],
  ];
  it.each(shapes)('%s', (_, make, check) => {
    const perChar = (chars: number) => {
      const { text, aligned } = make(chars);
      const { result, work } = countOperations(() => chunkDocument('doc', text, aligned));
      check(result, chars);
      return work / text.length;
    };
    const half = perChar(400_000);
    const full = perChar(800_000);
    expect(full / half).toBeLessThan(1.2);
    expect(full).toBeLessThan(300);
  });
});

describe('the front matter and clauses of documents staff add', () => {
  it('takes an issuing office and a notice title as the title block, stopping at the document number', () => {
    const lines = ['某某科技合作联合办公室', '关于征集2027年度联合研发项目的通知', '某科合〔2027〕3号', '各有关单位：', '为落实合作计划，现将有关事项通知如下。'];
    expect(titleBlock(lines)).toBe(2);
    // A Thai notice: "ประกาศ …" over its "เรื่อง …" line, then a long body line.
    expect(titleBlock(['ประกาศสำนักงานความร่วมมือ', 'เรื่อง เปิดรับข้อเสนอโครงการวิจัยร่วม ประจำปี 2570', 'ด้วยสำนักงานได้ลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านการวิจัยกับหน่วยงานของจีน เพื่อสนับสนุนโครงการวิจัยร่วมระหว่างนักวิจัยไทยและนักวิจัยจีน สำนักงานจึงออกประกาศไว้ ดังต่อไปนี้', 'หมวด 1 บททั่วไป'])).toBe(2);
    // A numbered heading right after the first line ends the block; body text is never taken.
    expect(titleBlock(['A Guide', '1. About', 'Text.'])).toBe(1);
    expect(titleBlock(['# A Guide', '## Part'])).toBe(0);
    expect(titleBlock(['Only one line'])).toBe(0);
    // A title line broken inside its phrase ("… Việt Nam –") runs on into the next, past the usual three or four.
    expect(titleBlock(['BỘ KHOA HỌC VÀ CÔNG NGHỆ', 'VĂN PHÒNG CHƯƠNG TRÌNH HỢP TÁC', 'HƯỚNG DẪN', 'Tham gia Chương trình trao đổi công nghệ Việt Nam –', 'Trung Quốc năm 2027', '(Ban hành kèm theo Quyết định số 215/QĐ-VPHT ngày 14 tháng 8 năm 2026)', 'Chương I'])).toBe(5);
  });

  it('titles a document without metadata by its title block, and keeps those lines out of section paths', () => {
    const text = ['VĂN PHÒNG CHƯƠNG TRÌNH HỢP TÁC', 'HƯỚNG DẪN', 'Đăng ký tham gia Chương trình Hỗ trợ Chuyển giao Công nghệ năm 2027 (dành cho doanh nghiệp)', 'Chương I. QUY ĐỊNH CHUNG', 'Điều 1. Mục đích', 'Hướng dẫn này quy định điều kiện và thủ tục đăng ký tham gia Chương trình.'].join('\n');
    const chunks = chunkDocument('x', text, [], { titleLines: 3 });
    expect(chunks.every((c) => !c.sectionPath.some((s) => s.startsWith('HƯỚNG DẪN') || s.startsWith('Đăng ký')))).toBe(true);
    expect(chunks.find((c) => c.text.includes('quy định điều kiện'))?.sectionPath).toEqual(['Chương I. QUY ĐỊNH CHUNG', 'Điều 1. Mục đích']);
  });

  it('never makes a date, a byline, a document number, a contact or an address line a heading', () => {
    const text = [
      'Forum 2027', 'Published: 5 July 2027 · Source: Alliance Secretariat', 'The forum opens on 3 November in the exhibition centre and runs for three days.',
      '电话：0771-5861239', '纸质材料请寄送至项目管理处，信封上注明项目名称。', 'No. 88 Dianchi Road, Xishan District, Kunming 650228', 'Write to the programme office at the address above.',
    ].join('\n');
    const paths = chunkDocument('x', text, []).flatMap((c) => c.sectionPath);
    expect(paths.filter((s) => /Published|电话|Dianchi/u.test(s))).toEqual([]);
  });

  it('nests the numbered clauses of an article under it, not beside it', () => {
    const text = ['Chương II. KINH PHÍ', 'Điều 6. Mức hỗ trợ', '1. Mỗi dự án được hỗ trợ tối đa 1.200.000.000 đồng.', '2. Chi phí đi lại không quá 3.000 USD cho mỗi đoàn.', 'Điều 7. Phương thức cấp kinh phí', 'Kinh phí được cấp làm hai đợt theo hợp đồng.'].join('\n');
    const chunks = chunkDocument('x', text, []);
    const clause = chunks.find((c) => c.text.includes('3.000 USD'))!;
    expect(clause.sectionPath.slice(0, 2)).toEqual(['Chương II. KINH PHÍ', 'Điều 6. Mức hỗ trợ']);
    expect(clause.itemNumber).toBe(2);
    expect(chunks.find((c) => c.text.includes('hai đợt'))?.sectionPath).toEqual(['Chương II. KINH PHÍ', 'Điều 7. Phương thức cấp kinh phí']);
  });

  it('keeps a bare article marker with the paragraph under it as the article\'s passage ("Pasal 5" then its text)', () => {
    const text = ['BAB III', 'PERSYARATAN PESERTA', 'Pasal 4', '(1) Peserta mendaftar dalam bentuk Tim yang beranggotakan 3 sampai 5 orang.', '(2) Ketua Tim wajib warga negara Indonesia.', 'Pasal 5', 'Tim yang pernah menjadi pemenang dalam Kompetisi tahun 2025 tidak diperkenankan mengikuti Kompetisi dengan solusi yang sama.', 'Pasal 6', 'Pendaftaran tidak dipungut biaya.'].join('\n');
    const chunks = chunkDocument('x', text, []);
    const five = chunks.find((c) => c.itemNumber === 5 && c.text.startsWith('Pasal 5'))!;
    expect(five.text).toContain('pernah menjadi pemenang');
    expect(five.sectionPath.at(-1)).toBe('Pasal 5');
    expect(chunks.some((c) => c.text.trim() === 'Pasal 5')).toBe(false);
    expect(chunks.find((c) => c.text.includes('tidak dipungut'))?.itemNumber).toBe(6);
    // An article over its clauses is still their section.
    expect(chunks.find((c) => c.text.includes('Ketua Tim'))?.sectionPath.map((h) => h.trim())).toContain('Pasal 4');
    // The same in Chinese, and a bare chapter marker over a paragraph heads it without becoming an item.
    const zh = chunkDocument('x', ['第一章', '本办法适用于联合研究项目的申报与管理工作。', '第三条', '申报单位须为在中国境内注册的独立法人单位。'].join('\n'), []);
    expect(zh.find((c) => c.text.includes('独立法人'))).toMatchObject({ itemNumber: 3 });
    expect(zh.find((c) => c.text.includes('独立法人'))?.text.startsWith('第三条')).toBe(true);
    expect(zh.find((c) => c.text.includes('适用于'))?.itemNumber).toBeNull();
  });

  it('nests a Chinese article\'s 一、 clauses under it, and a "Section 10.1" under "Article 10"', () => {
    const zh = chunkDocument('x', ['智慧農業合作計畫徵件須知', '第一條　目的', '為推動智慧農業合作，特訂定本須知。', '第二條　主辦單位', '一、主辦單位：農業科技合作中心。', '二、協辦單位：泰國農業大學。', '第三條　申請資格', '一、申請團隊應由中方單位與東盟國家單位共同組成。'].join('\n'), []);
    expect(zh.find((c) => c.text.includes('協辦'))).toMatchObject({ itemNumber: 2, sectionPath: ['第二條　主辦單位', '二、協辦單位'] });
    expect(zh.find((c) => c.text.includes('共同組成'))?.sectionPath[0]).toBe('第三條　申請資格');
    // An article with its text under its title is that item, in Chinese as in other scripts.
    expect(zh.find((c) => c.text.includes('特訂定'))?.itemNumber).toBe(1);
    const en = chunkDocument('x', ['COMPETITION RULES', 'Article 10 Intellectual Property', 'Section 10.1 Teams keep all rights to their intellectual property.', 'Section 10.2 Judges keep the entries confidential.', 'Article 11 Disputes', 'Section 11.1 Disputes are settled by the Committee.'].join('\n'), []);
    expect(en.find((c) => c.text.includes('Judges'))).toMatchObject({ itemNumber: 2, sectionPath: ['Article 10 Intellectual Property', expect.stringMatching(/^Section 10\.2/u)] });
    expect(en.find((c) => c.text.includes('Disputes are'))?.sectionPath[0]).toBe('Article 11 Disputes');
  });

  it('reads a Markdown heading that names an article as that item ("### Pasal 13 — Sanksi")', () => {
    const md = chunkDocument('x', ['# Panduan Program', '## BAB VI — SANKSI', '### Pasal 13 — Sanksi', 'Peserta yang mengundurkan diri wajib mengembalikan seluruh dana.', '### Ketentuan lain', 'Hal lain diatur kemudian.'].join('\n'), []);
    expect(md.find((c) => c.text.includes('mengembalikan'))?.itemNumber).toBe(13);
    expect(md.find((c) => c.text.includes('diatur kemudian'))?.itemNumber).toBeNull();
  });

  it('keeps an article that introduces its clauses as a passage, and as the section of the clauses', () => {
    const text = ['หมวด 3 คุณสมบัติของผู้สมัคร', 'ข้อ 7 หัวหน้าโครงการฝ่ายไทยต้องมีคุณสมบัติครบถ้วนทุกข้อ', '(1) มีสัญชาติไทย', '(2) มีอายุไม่เกิน 55 ปี ณ วันปิดรับข้อเสนอโครงการ', 'ข้อ 8 หัวหน้าโครงการฝ่ายจีนต้องเป็นนักวิจัยประจำของสถาบันในจีน'].join('\n');
    const chunks = chunkDocument('x', text, []);
    // With its lead saying "as follows" (ดังนี้, the formal ดังต่อไปนี้), the short list is one passage with it.
    const led = chunkDocument('x', text.replace('ทุกข้อ\n', 'ทุกข้อดังต่อไปนี้\n'), []);
    expect(led.find((c) => c.text.startsWith('ข้อ 7'))?.text).toContain('55 ปี');
    expect(chunks.find((c) => c.text.startsWith('ข้อ 7'))?.itemNumber).toBe(7);
    const clause = chunks.find((c) => c.text.includes('55 ปี'))!;
    expect(clause.sectionPath[1]).toMatch(/^ข้อ 7 /u);
    expect(clause.itemNumber).toBe(2);
    expect(chunks.find((c) => c.text.startsWith('ข้อ 8'))?.sectionPath).toHaveLength(2);
  });
});

describe('page furniture and items that lead into lists', () => {
  const guide = [
    'Scheme Guidelines 2027',
    '',
    'Section 4 Application and selection',
    '',
    '4.1 Applications are submitted online through the portal. Each',
    'application contains:',
    '(a) the application form, in English or Chinese;',
    '(b) a copy of the business registration certificate.',
    '',
    '4.2 The call closes on 30 April 2027 at 17:00 Kunming time, after which no',
    'application is accepted.',
    '',
    'Scheme Guidelines 2027                          Page 1 of 2',
    '',
    'Section 5 Carrying out the project',
    '',
    '5.1 A voucher is valid for six months from the date of issue.',
    '- 2 -',
  ].join('\n');
  const cleaned = cleanText(guide, 'latin');
  const chunks = chunkDocument('guide', cleaned.text, []);
  const at = (start: string) => chunks.find((c) => c.text.startsWith(start))!;

  it('drops running headers with page marks and page numbers, and says so', () => {
    expect(cleaned.text).not.toMatch(/Page 1 of 2|- 2 -/u);
    expect(cleaned.steps.find((s) => s.kind === 'page-furniture')?.count).toBe(2);
    expect(at('5.1').sectionPath).toEqual(['Section 5 Carrying out the project', '5.1 A voucher is…']);
  });

  it('rejoins a sentence broken by a page break, dropping the running title beside the page mark', () => {
    const text = ['RULES OF THE COMPETITION', '', 'Article 4 Eligibility', 'Section 4.1 A team shall consist of two to five members and shall meet all of the following:', '(c) if the team has registered a company, the company was registered on', 'or after 1 January 2021 and its annual revenue in 2025 did not exceed', 'USD 2,000,000;', '(d) the team owns the core technology.', 'Section 4.2 The following are not eligible:', '(c) projects that have received equity investment of more than USD', '', 'Page 1 of 4', '', 'RULES OF THE COMPETITION', '', '1,000,000 in total.', 'Section 4.3 One person may be a member of only one team.', '', 'Page 2 of 4', '', 'RULES OF THE COMPETITION', '', 'Article 5 Registration', 'Section 5.1 Teams register online.'].join('\n');
    const out = cleanText(text, 'latin');
    expect(out.text).toContain('did not exceed USD 2,000,000;');
    expect(out.text).toContain('more than USD 1,000,000 in total.');
    // The title on the first page stays; its copies beside the page marks go.
    expect(out.text.match(/RULES OF THE COMPETITION/gu)).toHaveLength(1);
    expect(out.steps.find((s) => s.kind === 'page-furniture')?.count).toBe(4);
    // A heading written "Word N" stays apart from the line before it.
    expect(cleanText(['The committee meets once a year and its decisions are published on the website of the', 'Pasal 5', 'Peserta wajib hadir.'].join('\n'), 'latin').text).toContain('\nPasal 5\n');
  });

  it('keeps a short lettered list in the passage of the numbered item that leads into it, and the next item beside it', () => {
    expect(at('4.1').text).toMatch(/contains:\n\(a\) [^\n]+\n\(b\) a copy of the/u);
    expect(chunks.some((c) => c.text.startsWith('(b)'))).toBe(false);
    expect(at('4.1').sectionPath).toEqual(['Section 4 Application and selection', '4.1 Applications are…']);
    expect(at('4.2').sectionPath).toEqual(['Section 4 Application and selection', '4.2 The call closes…']);
    expect(at('4.1').itemNumber).toBe(1);
  });

  it('keeps a list too long for one passage as items under the item that leads into it', () => {
    const long = ['Section 4 Application and selection', '4.1 Each application contains:', ...Array.from({ length: 14 }, (_, i) => `(${String.fromCharCode(97 + i)}) document number ${i + 1} of the application file;`), '4.2 The call closes on 30 April 2027.'].join('\n');
    const parts = chunkDocument('guide', long, []);
    expect(parts.find((c) => c.text.startsWith('(b)'))?.sectionPath).toEqual(['Section 4 Application and selection', '4.1 Each application…', '(b) document number…']);
    expect(parts.find((c) => c.text.startsWith('4.1'))?.text).toBe('4.1 Each application contains:');
  });
});

describe('bulleted lists under the line that leads into them', () => {
  const text = [
    'Applicant Guide',
    '## How to apply',
    'Applicants send the following documents by e-mail to the secretariat:',
    '• passport bio page valid for six months;',
    '• a CV of no more than two pages;',
    '• a nomination letter from the employer.',
    'The deadline is 3 May 2027 for all applicants.',
    '## Steps',
    '1. Register on the portal with a work e-mail address.',
    '2. Upload the required documents:',
    '• passport bio page (valid for the whole course);',
    '• highest degree certificate;',
    '3. Submit before 23:59 on 5 May 2027.',
    '## Notes',
    'Bring these items:',
    ...Array.from({ length: 13 }, (_, i) => `• item number ${i + 1} to bring along;`),
  ].join('\n');
  const chunks = chunkDocument('guide', text, []);
  const holding = (s: string) => chunks.find((c) => c.text.includes(s))!;

  it('keeps a lead paragraph, its heading and its bullets in one passage, and the paragraph after apart', () => {
    expect(holding('a CV of no more').text).toBe('## How to apply\nApplicants send the following documents by e-mail to the secretariat:\n• passport bio page valid for six months;\n• a CV of no more than two pages;\n• a nomination letter from the employer.');
    expect(holding('The deadline is 3 May').text).toBe('The deadline is 3 May 2027 for all applicants.');
  });

  it('keeps the bullets under a numbered step in that step, numbered as it is', () => {
    const step = holding('highest degree certificate');
    expect(step.text).toBe('2. Upload the required documents:\n• passport bio page (valid for the whole course);\n• highest degree certificate;');
    expect(step.itemNumber).toBe(2);
    expect(step.sectionPath).toEqual(['Steps', '2. Upload the…']);
    expect(holding('3. Submit').itemNumber).toBe(3);
  });

  it('leaves a list too long for one passage as passages of their own', () => {
    expect(holding('item number 2 to bring').text).toBe('• item number 2 to bring along;');
  });
});

describe('an official guide whose title and chapters span two lines', () => {
  const text = [
    'ỦY BAN NHÂN DÂN TỈNH LÀO CAI',
    'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    'HƯỚNG DẪN',
    'Thực hiện Chương trình trao đổi chuyên gia năm 2027',
    'Chương I',
    'QUY ĐỊNH CHUNG',
    'Điều 1. Thời gian trao đổi',
    '1. Thời gian trao đổi của mỗi người từ 03 tháng đến 06 tháng.',
    '2. Mỗi người được hỗ trợ chi phí đi lại.',
  ].join('\n');

  it('takes the subject under the kind of document into the title, and a chapter name on its own line into the chapter heading', () => {
    const lines = text.split('\n');
    expect(titleBlock(lines.slice(0, 5))).toBe(4);
    const chunks = chunkDocument('guide', text, [], { titleLines: 4 });
    expect(chunks.map((c) => c.text)).not.toContain('Chương I');
    expect(chunks.find((c) => c.text.startsWith('1. Thời gian'))?.sectionPath).toEqual(['Chương I QUY ĐỊNH CHUNG', 'Điều 1. Thời gian trao đổi', '1. Thời gian trao…']);
    // Without a kind-of-document line, three lines at most.
    expect(titleBlock(['Scheme', 'Guidelines', 'for the 2027 call', 'Issued in Kunming', 'Section 1 Purpose'])).toBe(3);
  });
});

describe('rules, page numbers and the markers of documents staff add', () => {
  it('reads a rule across the page as a break and a centred or running page number as furniture, never as headings', () => {
    const text = ['ประกาศศูนย์ความร่วมมือ', 'เรื่อง รับสมัครผู้รับทุน', '-----------------------------------', '', 'ด้วยศูนย์ความร่วมมือเปิดรับสมัครผู้รับทุนประจำปี', '', 'ข้อ 1 วัตถุประสงค์', 'เพื่อส่งเสริมความร่วมมือ', '', '                                    1', '', 'ข้อ 2 คุณสมบัติ', 'ผู้สมัครต้องมีอายุไม่เกิน 40 ปี', '', '* * *', '', 'Lịch trình', '', '2', '', 'Giai đoạn 1', '', '3', '', 'Giai đoạn 2'].join('\n');
    const cleaned = cleanText(text, 'other');
    expect(cleaned.text).not.toMatch(/---|\* \* \*/u);
    expect(cleaned.steps.find((s) => s.kind === 'rules')?.count).toBe(2);
    // The centred "1" goes; so do "2" and "3", which number pages one after another.
    expect(cleaned.text.split('\n')).not.toContain('1');
    expect(cleaned.text.split('\n')).not.toContain('2');
    const chunks = chunkDocument('x', cleaned.text, [], { titleLines: 2 });
    expect(chunks.every((c) => c.sectionPath.every((h) => /\p{L}/u.test(h)))).toBe(true);
    expect(chunks.find((c) => c.text.includes('40 ปี'))?.sectionPath).toEqual(['ข้อ 2 คุณสมบัติ']);
    // A number alone that is neither centred nor one of a run of page numbers is text.
    expect(cleanText(['Số đoàn tham gia', '', '12', '', 'Số người mỗi đoàn'].join('\n'), 'latin').text.split('\n')).toContain('12');
  });

  it('makes a bare article marker over clauses their section, not a passage of its own ("Pasal 3" then "(1) …")', () => {
    const chunks = chunkDocument('x', ['BAB II', 'TEMA TANTANGAN', 'Pasal 3', '(1) Kompetisi terdiri atas empat tema tantangan:', 'a. Pengelolaan banjir dan drainase kota;', 'b. Transportasi publik terpadu.', '(2) Setiap tim memilih satu tema.'].join('\n'), []);
    expect(chunks.some((c) => c.text.trim() === 'Pasal 3')).toBe(false);
    const second = chunks.find((c) => c.text.startsWith('(2)'))!;
    expect(second.sectionPath.slice(0, 2)).toEqual(['BAB II TEMA TANTANGAN', 'Pasal 3']);
    expect(second.itemNumber).toBe(2);
    // "a." letters the items of the clause that leads into them; they stay with it.
    expect(chunks.find((c) => c.text.startsWith('(1)'))?.text).toContain('b. Transportasi publik');
  });

  it('reads Roman-numbered parts ("BAHAGIAN II" over its name), and no reference or word as a marker', () => {
    const chunks = chunkDocument('x', ['GARIS PANDUAN GERAN', 'BAHAGIAN II', 'BIDANG KEUTAMAAN', 'Perkara 3. Bidang yang layak dibiayai', '3.1 Elektroliser membran pertukaran proton.', 'Phần lớn các dự án được hỗ trợ trong ba năm liền.', '"Residency" means the in-person programme described in', 'Article 6;', 'and the Fellowship.'].join('\n'), []);
    expect(chunks.find((c) => c.text.startsWith('3.1'))?.sectionPath.slice(0, 2)).toEqual(['BAHAGIAN II BIDANG KEUTAMAAN', 'Perkara 3. Bidang yang layak dibiayai']);
    expect(chunks.some((c) => c.sectionPath.some((h) => /^Phần l|^Article 6/u.test(h)))).toBe(false);
    expect(chunks.find((c) => c.text.includes('Article 6;'))?.itemNumber).toBeNull();
  });
});

describe('an article that is a short lettered list', () => {
  it('keeps the article, its name and its letters in one passage, named or on one line', () => {
    const two = chunkDocument('x', ['BAB IV', 'DOKUMEN USULAN', 'Pasal 9', 'Dokumen yang Wajib Diunggah', 'a. proposal lengkap sesuai templat, paling banyak 20 halaman;', 'b. surat komitmen mitra industri bermeterai Rp10.000;', 'c. daftar riwayat hidup ketua dan anggota tim.', 'BAB V', 'JADWAL', 'Pasal 10', 'Pendaftaran dibuka 1 Mei 2027.'].join('\n'), []);
    expect(two.find((c) => c.text.includes('riwayat hidup'))).toMatchObject({ itemNumber: 9, sectionPath: ['BAB IV DOKUMEN USULAN', 'Pasal 9 Dokumen yang Wajib Diunggah'] });
    expect(two.find((c) => c.text.includes('riwayat hidup'))?.text).toMatch(/^Pasal 9\nDokumen[^]*a\. proposal[^]*b\. surat/u);
    const one = chunkDocument('x', ['Article 9 Required documents', '(a) the application form;', '(b) a letter of support;', 'Article 10 Deadline', 'Applications close on 30 June 2027.'].join('\n'), []);
    expect(one.find((c) => c.text.includes('letter of support'))).toMatchObject({ itemNumber: 9 });
    expect(one.some((c) => c.text.startsWith('(b)'))).toBe(false);
  });
});

describe('lines that state a field and its value', () => {
  it('never heads a section with "Issued by: …", "联系人：…" or "Số: …", but keeps "Step 2: …" and a FAQ question as headings', () => {
    const en = chunkDocument('x', ['Training Course Guide 2027', 'Issued by: China–ASEAN Talent Centre, Wuxi', 'Version: 1.2, January 2027', 'Step 1: Create an account', 'Register on the portal with your e-mail address.', 'Step 2: Upload your documents', 'Upload a CV and a letter of support.'].join('\n'), []);
    expect(en.every((c) => c.sectionPath.every((h) => !/^(?:Issued by|Version):/u.test(h)))).toBe(true);
    expect(en.find((c) => c.text.includes('letter of support'))?.sectionPath).toEqual(['Step 2: Upload your documents']);
    expect(en.some((c) => c.text.includes('Issued by: China–ASEAN Talent Centre'))).toBe(true);
    const zh = chunkDocument('x', ['关于征集联合研发项目的通知', '十、联系方式', '联系人：刘文静', '电话：0771-1234567', '问：东盟国家的大学可以直接申报吗？', '可以，须与中方单位联合申报。'].join('\n'), []);
    const contact = zh.find((c) => c.text.includes('刘文静'))!;
    expect(contact.sectionPath).toEqual(['十、联系方式']);
    expect(contact.text).toContain('电话');
    expect(zh.find((c) => c.text.includes('须与中方'))?.sectionPath.at(-1)).toBe('问：东盟国家的大学可以直接申报吗？');
  });
  it('closes an unnumbered heading met among numbered sections at the next section of the top level: it is never their root', () => {
    const text = [
      'Section 4 Course Programme', 'The course runs for three weeks in Kunming.', '4.2 Schedule', 'Mon 6 Sep Opening ceremony and course briefing',
      'Sat 25 Sep Departure', 'Weekends are free for participants to explore the city.',
      'Section 5 Samples Brought by Participants', 'Participants may bring up to three samples of their own for analysis.',
      'Section 6 Laboratory Safety', 'Attendance at the safety induction is compulsory for every participant.',
    ].join('\n\n');
    const chunks = chunkDocument('x', text, []);
    const samples = chunks.find((c) => c.text.includes('up to three samples'))!;
    expect(samples.sectionPath).toEqual(['Section 5 Samples Brought by Participants']);
    expect(chunks.find((c) => c.text.includes('safety induction'))!.sectionPath).toEqual(['Section 6 Laboratory Safety']);
    // (The plain heading still heads the text under it.)
    expect(chunks.find((c) => c.text.includes('Weekends are free'))!.sectionPath).toEqual(['Sat 25 Sep Departure']);
    // (Numbered items at the top of a document open no section: the plain headings after them keep their items.)
    const items = chunkDocument('y', ['1. The programme is open to researchers from all ASEAN Member States this year.', 'Eligibility', '1. Applicants must hold a doctorate awarded after 1 June 2019.', '2. Applicants must be employed by a university or a research institute.'].join('\n\n'), []);
    expect(items.find((c) => c.text.includes('hold a doctorate'))!.sectionPath[0]).toBe('Eligibility');
    expect(items.find((c) => c.text.includes('employed by'))!.sectionPath[0]).toBe('Eligibility');
  });
});
