import { describe, expect, it } from 'vitest';
import type { Script } from '../../src/core/types.js';
import { cleanText, GARBLE_MARK, type CleanResult } from '../../src/ingest/clean.js';
import { syntheticDocument } from '../../src/ingest/synthetic.js';
import { ingestSeed } from '../helpers/corpus.js';
import { countOperations } from './operation-count.js';

describe('cleaning the seed documents', () => {
  it('removes bracketed pinyin but keeps real parentheses (002, 004)', async () => {
    const { document } = await ingestSeed('002');
    expect(document.text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)/u);
    expect(document.text.startsWith('中新網南寧7月13日電(記者 楊陳)第11屆中國—東盟技術轉移與創新合作大會(以下簡稱東創會)')).toBe(true);
    expect(document.steps.find((s) => s.kind === 'pinyin')?.count).toBeGreaterThan(200);
    const { document: d4 } = await ingestSeed('004');
    expect(d4.text).toContain('第26次中國—東盟(10+1)領導人會議');
  });

  it('drops portal navigation and footer lines, and only those (002, 004)', async () => {
    const { document: d2 } = await ingestSeed('002');
    expect(d2.text).not.toMatch(/Copyright|版權所有|網站簡介/u);
    expect(d2.text).toContain('來源:中新網');
    const { document: d4 } = await ingestSeed('004');
    const lines = d4.text.split('\n');
    expect(lines[0]).toMatch(/^第26次中國—東盟/u);
    expect(d4.text).not.toMatch(/首頁 >|標簽 :|相關網文|點擊排行/u);
    expect(lines.at(-1)).toMatch(/^我們將在開放、透明和包容的合作架構內/u);
  });

  it('rejoins hard-wrapped PDF lines into paragraphs without gluing headings or items (003)', async () => {
    const { document } = await ingestSeed('003');
    const lines = document.text.split('\n');
    expect(lines).toContain('6 实施技术转移行动，加强技术转移平台与协作网络建设，促进区域创新一体化发展。');
    expect(lines).toContain('4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发');
    expect(lines).toContain('“创新之路”合作倡议');
    expect(lines).toContain('一、高、新、尖成为“一带一路”互通新元素');
    expect(lines).toContain('第二届“一带一路”国际合作高峰论坛“创新之路”分论坛在北京举行');
    expect(lines.find((l) => l.startsWith('2019年4月25日下午'))).toContain('科技部部长王志刚出席会议并作主旨发言。');
    expect(lines.some((l) => l.includes('中国科学院将在泰国启动东盟（曼谷）创新中心'))).toBe(true);
    expect(lines.length).toBeLessThan(40);
  });

  it('repairs the shifted-GBK span where unambiguous and marks the other (004)', async () => {
    const { document } = await ingestSeed('004');
    expect(document.text).not.toContain('蒲泻献髌脚');
    expect(document.text).toContain('科研合作平台是務實合作的重要載體');
    expect(document.text).toContain(`舉措;${GARBLE_MARK},面對新一輪科技革命`);
    expect(document.garbles).toEqual([
      expect.objectContaining({ original: '诖', repaired: null }),
      expect.objectContaining({ original: '?蒲泻献髌脚_', repaired: '科研合作平台' }),
    ]);
    for (const g of document.garbles) expect(document.text.slice(g.start, g.end)).toBe(g.repaired ?? GARBLE_MARK);
  });

  it('repairs a lost character whose pinyin survived, from its neighbours (002)', async () => {
    const { document } = await ingestSeed('002');
    expect(document.text).toContain('推動東盟—中國技術和專業知識的順暢交流');
    expect(document.text).not.toContain('xùn');
  });

  it('trims the leading spaces of headings (000) and leaves unwrapped text as it is', async () => {
    const { document } = await ingestSeed('000');
    expect(document.text.split('\n')).toContain('二、“中国—东盟创新年”启动');
    expect(document.text).toContain('5G、 AR全息通话');
  });

  it('leaves clean text alone and does not invent garbles in Simplified text', () => {
    const text = '中国与东盟是好邻居、好朋友、好伙伴。\n我们愿在数字、健康、绿色等领域共同探索。';
    const result = cleanText(text, 'zh-Hans');
    expect(result.text).toBe(text);
    expect(result.garbles).toEqual([]);
  });

  it('removes control characters and normalises line ends', () => {
    const result = cleanText('\ufeff第一行\r\n第二\u0007行\r', 'zh-Hans');
    expect(result.text).toBe('第一行\n第二行');
    expect(result.steps.map((s) => s.kind)).toContain('control-chars');
  });
});

describe('the work of cleaning grows linearly with the length of a document', () => {
  // Counted, not timed (see operation-count.ts): the work per character must stay the same when the document
  // doubles to about 2 MB. Each document is of a shape that once made a step quadratic.
  const englishLines = (chars: number) => {
    const lines: string[] = [];
    for (let size = 0, i = 0; size < chars; i++) {
      const line = `the partner institutions will host joint training course ${i} and`;
      lines.push(line);
      size += line.length + 1;
    }
    return lines.join('\n');
  };
  const shapes: [string, (chars: number) => string, Script, (r: CleanResult) => void][] = [
    ['hard-wrapped, a quotation mark left open: the rest of it is one paragraph', (n) => syntheticDocument(n, { wrapped: true, unclosedQuote: true }), 'zh-Hans', (r) => expect(r.text.split('\n').length).toBeLessThan(4)],
    ['hard-wrapped', (n) => syntheticDocument(n, { wrapped: true }), 'zh-Hans', (r) => expect(r.steps.find((s) => s.kind === 'hard-wraps')?.count).toBeGreaterThan(10_000)],
    ['mixed Chinese and English', (n) => syntheticDocument(n), 'zh-Hans', (r) => expect(r.text.length).toBeGreaterThan(300_000)],
    ['Traditional, a garbled span every third sentence', (n) => syntheticDocument(n, { traditional: true, garbleEvery: 3 }), 'zh-Hant', (r) => expect(r.garbles.length).toBeGreaterThan(200)],
    ['English lines broken inside one long sentence', englishLines, 'latin', (r) => expect(r.text.split('\n')).toHaveLength(1)],
  ];
  it.each(shapes)('%s', (_, make, script, check) => {
    const perChar = (chars: number) => {
      const text = make(chars);
      const { result, work } = countOperations(() => cleanText(text, script));
      check(result);
      return work / text.length;
    };
    const half = perChar(400_000);
    const full = perChar(800_000);
    expect(full / half).toBeLessThan(1.2);
    expect(full).toBeLessThan(300);
  });
});

describe('tables laid out in columns (PDF text, plain text)', () => {
  it('keeps each row with its header, as tables in markup do', () => {
    const raw = [
      'Courses in 2027',
      'Course          City       Application deadline',
      'Solar PV        Nanning    20 March 2027',
      'Telemedicine    Chengdu    15 April 2027',
      '',
      'Apply  online before the deadline of your course.',
    ].join('\n');
    const { text, steps } = cleanText(raw, 'latin');
    expect(text.split('\n')).toEqual([
      'Courses in 2027',
      'Course: Solar PV; City: Nanning; Application deadline: 20 March 2027.',
      'Course: Telemedicine; City: Chengdu; Application deadline: 15 April 2027.',
      'Apply  online before the deadline of your course.',
    ]);
    expect(steps).toContainEqual({ kind: 'column-tables', count: 1 });
  });

  it('leaves two lines with wide spaces alone (a header and one row are no table)', () => {
    const { text, steps } = cleanText('Tel:    0771-1234567\nFax:    0771-7654321', 'latin');
    expect(text).toBe('Tel:    0771-1234567\nFax:    0771-7654321');
    expect(steps.some((s) => s.kind === 'column-tables')).toBe(false);
  });
});

describe('tables drawn with bars and rules (grid and pipe tables in plain text)', () => {
  it('keeps each row with its header, a row over several lines joined cell by cell', () => {
    const grid = [
      'Tabel 1. Kriteria penilaian',
      '+----------------------------+--------+',
      '| Kriteria                   | Bobot  |',
      '+============================+========+',
      '| Dampak terhadap            | 30%    |',
      '| permasalahan kota          |        |',
      '+----------------------------+--------+',
      '| Inovasi dan orisinalitas   | 20%    |',
      '+----------------------------+--------+',
      'Keputusan dewan juri bersifat final.',
    ].join('\n');
    const { text, steps } = cleanText(grid, 'latin');
    expect(text.split('\n')).toEqual(['Tabel 1. Kriteria penilaian', 'Kriteria: Dampak terhadap permasalahan kota; Bobot: 30%.', 'Kriteria: Inovasi dan orisinalitas; Bobot: 20%.', 'Keputusan dewan juri bersifat final.']);
    expect(steps).toContainEqual({ kind: 'ruled-tables', count: 1 });
    // Rules under the header only (or none): every line is a row.
    const pipe = ['| Nội dung | Thời gian |', '|---|---|', '| Phát hành hướng dẫn | 01/9/2026 |', '| Hạn nộp hồ sơ | 17h00 ngày 15/3/2027 |'].join('\n');
    expect(cleanText(pipe, 'latin').text.split('\n')).toEqual(['Nội dung: Phát hành hướng dẫn; Thời gian: 01/9/2026.', 'Nội dung: Hạn nộp hồ sơ; Thời gian: 17h00 ngày 15/3/2027.']);
  });

  it('leaves a single row between bars alone (a header without rows is no table)', () => {
    expect(cleanText('| Only one row | here |', 'latin').text).toBe('| Only one row | here |');
    expect(cleanText('+------+------+\n| One row | only |\n+------+------+', 'latin').text).toContain('| One row | only |');
  });
});

describe('hard wraps before the headings of other languages', () => {
  it('does not join a wrapped line into the chapter or article heading that follows it', () => {
    const body = 'Hướng dẫn này quy định điều kiện, hồ sơ, thủ tục và thời hạn đăng ký tham gia chương';
    const lines = [
      'Đăng ký tham gia Chương trình Hỗ trợ Chuyển giao Công nghệ Việt Nam – Trung Quốc năm',
      '2027 (dành cho các tổ chức, doanh nghiệp phía Việt Nam và các đối tác Trung Quốc)',
      'Chương I. QUY ĐỊNH CHUNG',
      'Điều 1. Mục đích',
      ...Array.from({ length: 8 }, () => body),
      'trình, theo Article 5 of the agreement.',
    ];
    const text = cleanText(lines.join('\n'), 'latin').text;
    expect(text).toContain('Việt Nam và các đối tác Trung Quốc)\nChương I. QUY ĐỊNH CHUNG\nĐiều 1. Mục đích');
    expect(text).toContain('chương trình, theo Article 5');
  });
});

describe('lines broken inside a sentence, in text not wrapped at one width', () => {
  // Short list items make most lines short, so the text reads as not hard-wrapped; the lower-case rule rejoins.
  const lines = [
    'Điều 3. Điều kiện tham gia',
    '1. Doanh nghiệp được thành lập hợp pháp tại một trong mười nước thành vi-',
    'ên ASEAN; tổng số lao động không quá 200',
    'người.',
    '2. Phân tích mẫu nước miễn phí, tối đa 40',
    'mẫu cho mỗi dự án;',
    'a) tư vấn miễn phí',
    'b) hỗ trợ kết nối',
    'Điều 4. Hồ sơ',
  ];
  const text = cleanText(lines.join('\n'), 'latin').text.split('\n');

  it('rejoins a line that ends in a number, and a word hyphenated across the break', () => {
    expect(text).toContain('1. Doanh nghiệp được thành lập hợp pháp tại một trong mười nước thành viên ASEAN; tổng số lao động không quá 200 người.');
    expect(text).toContain('2. Phân tích mẫu nước miễn phí, tối đa 40 mẫu cho mỗi dự án;');
  });

  it('keeps lettered items apart, whatever the line before them ends with', () => {
    expect(text).toContain('a) tư vấn miễn phí');
    expect(text).toContain('b) hỗ trợ kết nối');
  });
});
