import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

/** Documents of the kinds staff add (test/fixtures/corpus-extra): none of them is a seed document. */
const EXTRA = resolve(import.meta.dirname, '../fixtures/corpus-extra');

/** The offline runtime over a corpus folder, with the seed lexicon and its index in a scratch folder. */
async function runtimeAt(corpusDir: string): Promise<Runtime> {
  return createRuntime(
    { openai: null, corpusDir, dataDir: await mkdtemp(join(tmpdir(), 'asean-extra-data-')), logQuestions: false, web: { host: '127.0.0.1', port: 0 } },
    { memoryStore: true, fallbackLexiconDir: join(CORPUS_DIR, 'lexicon') },
  );
}

/** The same over documents written to a scratch corpus folder: file name -> its lines. */
async function runtimeOver(documents: Record<string, string[]>): Promise<Runtime> {
  const dir = await mkdtemp(join(tmpdir(), 'asean-docs-'));
  await mkdir(join(dir, 'documents'));
  for (const [name, lines] of Object.entries(documents)) await writeFile(join(dir, 'documents', name), lines.join('\n'));
  return runtimeAt(dir);
}

let runtime: Runtime;
beforeAll(async () => {
  runtime = await runtimeAt(EXTRA);
}, 60_000);

const doc = (prefix: string) => runtime.index.documents.find((d) => d.document.meta.id.startsWith(prefix))!;
const chunksOf = (prefix: string) => runtime.index.chunks.filter((c) => c.docId.startsWith(prefix));

describe('documents staff add: cleaning and structure', () => {
  it('indexes every fixture document', () => {
    expect(runtime.index.documents.map((d) => d.document.meta.id.slice(0, 3)).sort()).toEqual(['201', '202', '203', '204', '205']);
  });

  it('rejoins a hard-wrapped Vietnamese text with spaces, gluing no words', () => {
    const text = doc('202').document.text;
    expect(text).toContain('các viện nghiên cứu, trường đại học và doanh nghiệp Việt Nam');
    expect(text).toContain('thư đồng ý của đối tác Trung Quốc');
    expect(text).not.toMatch(/trườngđại|đốitác|lĩnhvực/u);
  });

  it('gives Vietnamese articles their chapter as section path and their number as item', () => {
    const article = chunksOf('202').find((c) => c.text.includes('Hạn chót nộp hồ sơ'))!;
    expect(article.sectionPath.slice(-2)).toEqual(['Chương II. Hồ sơ và thời hạn', 'Điều 4. Thời hạn nộp hồ sơ']);
    expect(article.itemNumber).toBe(4);
  });

  it('keeps a Markdown table row with its header, and headings with the passages under them', () => {
    const row = chunksOf('201').find((c) => c.text.includes('Remote sensing'))!;
    expect(row.text).toContain('Course: Course 3: Remote sensing and mapping; City: Guilin; Dates: 6–17 September 2027; Application deadline: 30 June 2027; Places: 20.');
    expect(row.sectionPath.at(-1)).toBe('3. Courses');
    expect(chunksOf('201').some((c) => /^#+ [^\n]*$/u.test(c.text))).toBe(false);
    const bullets = chunksOf('201').filter((c) => c.text.includes('Aged 40 or under'));
    expect(bullets[0]?.sectionPath.at(-1)).toBe('2. Who can apply');
  });

  it('drops an HTML page’s navigation, footer and scripts and keeps its table rows with their header', () => {
    const text = doc('205').document.text;
    expect(text).not.toMatch(/Privacy|All rights reserved|tracking|Home\nNews/u);
    expect(text).toContain('Session: Opening ceremony; Date: 3 November 2027; Room: Hall A.');
  });

  it('reads Thai sections and items (หมวด, ข้อ)', () => {
    const item = chunksOf('204').find((c) => c.text.includes('500,000 บาท'))!;
    expect(item.itemNumber).toBe(3);
    expect(item.sectionPath[0]).toBe('หมวด 3 งบประมาณและกำหนดการ');
  });
});

describe('documents staff add: answers to detail questions in several languages', () => {
  const cases: [string, string, string][] = [
    ["what's the deadline to apply for course 3?", '201', '30 June 2027'],
    ['Hạn chót nộp hồ sơ chương trình hợp tác nghiên cứu nông nghiệp là khi nào?', '202', 'ngày 15 tháng 4 năm 2027'],
    ['联合研发项目每个项目最多资助多少钱？', '203', '80万元'],
    ['ทุนวิจัยร่วมไทย-จีน ได้ทุนละเท่าไหร่', '204', '500,000 บาท'],
    ['When does the Technology Transfer Week take place?', '205', '3 to 7 November 2027'],
    ['Siapa yang bisa dihubungi untuk proyek riset bersama? email atau telepon', '203', 'apply@example.cn'],
  ];
  for (const [question, prefix, detail] of cases) {
    it(`answers "${question}" from ${prefix}, quoting the detail`, async () => {
      const answer = await runtime.answers.ask({ question });
      expect(answer.found).toBe(true);
      expect(answer.citations.some((c) => c.docId.startsWith(prefix) && c.quote.includes(detail))).toBe(true);
    });
  }

  it.each([
    ['Điều 6 khoản 2 nói gì? trích nguyên văn giúp em', 'báo cáo tiến độ'],
    ['What does Article 6(1) of the Vietnamese guide say exactly?', 'theo đúng thuyết minh'],
  ])('quotes the clause "%s" names, not the whole article or another article', async (question, words) => {
    const answer = await runtime.answers.ask({ question });
    expect(answer.citations[0]?.docId.startsWith('202')).toBe(true);
    expect(answer.citations[0]?.quote).toContain(words);
  });

  it("quotes a Markdown guide's sections without their headings' # marks, each quote still where its words are", async () => {
    for (const question of ['Where do participants of Course 3 stay?', 'How do I apply for the young researchers training programme?']) {
      const answer = await runtime.answers.ask({ question });
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.text).not.toMatch(/^\[\d+\] #/mu);
      for (const c of answer.citations) {
        expect(c.quote.startsWith('#')).toBe(false);
        const chunk = runtime.index.chunks.find((x) => x.id === c.chunkId)!;
        expect(chunk.text.slice(c.start - chunk.start, c.end - chunk.start)).toBe(c.quote);
      }
    }
  });

  it('declines a count the documents do not give, saying so', async () => {
    const answer = await runtime.answers.ask({ question: 'How many companies took part in the Technology Transfer Week last year?' });
    expect(answer.found).toBe(false);
    expect(answer.text).not.toMatch(/\b(?:30|25|20|10)\b companies/u);
  });

  it('finds an article by its number among documents that all have numbered items', async () => {
    const answer = await runtime.answers.ask({ question: 'Điều 3 của hướng dẫn hợp tác nghiên cứu nông nghiệp nói gì?' });
    expect(answer).toMatchObject({ found: true, kind: 'quote' });
    expect(answer.citations[0]?.section).toMatch(/Chương II\. Hồ sơ và thời hạn > Điều 3\. Hồ sơ đăng ký$/u);
  });
});

describe('a clause asked for where two documents have the same article number', () => {
  let two: Runtime;
  beforeAll(async () => {
    two = await runtimeOver({
      '301_vn.txt': ['HƯỚNG DẪN THAM GIA', 'Chương II. KINH PHÍ', 'Điều 6. Mức hỗ trợ', '1. Mỗi dự án được hỗ trợ tối đa 800 triệu đồng.', '2. Chi phí đi lại không quá 3.000 USD cho mỗi đoàn.', '3. Không hỗ trợ mua sắm phương tiện đi lại.'],
      '302_th.txt': ['ประกาศรับสมัครทุนวิจัย', 'หมวด 2 งบประมาณ', 'ข้อ 6 ค่าใช้จ่ายที่ไม่สนับสนุนมีดังต่อไปนี้', '(1) ครุภัณฑ์ราคาเกิน 100,000 บาท', '(2) ค่าก่อสร้างอาคาร', '(3) ค่าเดินทางของบุคคลภายนอก'],
      '303_th.txt': ['ประกาศรับสมัครผู้เข้าอบรม', 'หมวด 3 การสมัคร', 'ข้อ 8 เอกสารที่ผู้สมัครต้องส่งมีดังนี้', '(1) แบบฟอร์มใบสมัครที่กรอกครบถ้วน', '(2) สำเนาบัตรประจำตัวประชาชน', '(3) หนังสือรับรองจากหน่วยงานต้นสังกัด', 'ข้อ 9 ประกาศผลภายในวันที่ 30 เมษายน 2570'],
      '304_zh.txt': ['联合研究项目申报指南', '六、经费管理', '（一）项目经费实行包干制。', '（二）设备费不超过总经费的30%。', '（三）国际差旅费按实际发生额报销。'],
      // An Indonesian guideline's Pasal and ayat, and a Chinese notice with three levels, whose sub-section (三)
      // has its heading on a line of its own, beside a (三) of another section that holds a list of its own.
      '305_id.txt': ['PANDUAN PROGRAM MAGANG', 'BAB II PERSYARATAN', 'Pasal 5', 'Persyaratan Umum', '(1) Warga negara anggota ASEAN.', '(2) Berusia paling tinggi 40 tahun.', 'Pasal 6', 'Ketentuan Khusus', '(1) Pelamar wajib melampirkan surat izin atasan.', '(2) Pelamar tidak sedang menerima beasiswa lain.', '(3) Penerima tahun lalu dapat mendaftar kembali setelah dua tahun.'],
      '306_zh.txt': ['培训项目申报须知', '三、支持方式', '（一）重点项目', '1. 每项资助50万元。', '2. 执行期两年。', '3. 须有东盟合作方。', '（二）一般项目', '1. 每项资助20万元。', '2. 执行期一年。', '3. 结题优秀者可续报。', '（三）配套要求', '企业牵头的项目须自筹配套资金，比例不低于1:1。', '四、申报条件', '（三）有下列情形之一的不予受理：', '1. 材料不齐全的；', '2. 逾期提交的；', '3. 未经单位审核的。'],
    });
  }, 60_000);

  it.each([
    ['Điều 6 khoản 3 nói gì?', '301', 'phương tiện'],
    ['ข้อ 6 (3) เขียนว่าอะไร', '302', 'บุคคลภายนอก'],
    // A Chinese document's numbering written as it writes it; หัวข้อ ("heading") is not the article word ข้อ.
    ['ช่วยยกข้อความของหัวข้อ 六 (三) ในประกาศภาษาจีนให้หน่อย', '304', '差旅费'],
    ['Pakisabi yung nakasulat sa 六、经费管理 item 3', '304', '差旅费'],
    // "Pasal 6 ayat (3)": ayat (3) of Pasal 6, not the (3) of another article.
    ['What does Pasal 6 ayat (3) of the internship guideline say exactly?', '305', 'mendaftar kembali'],
    ['Pasal 5 ayat (2) bunyinya apa?', '305', '40 tahun'],
    // Part 3, point (3): the (三) directly under 三、, not the (三) under 四、 nor the 3. under 三、（二）.
    ['សូមដកស្រង់អត្ថបទ ផ្នែកទី៣ ចំណុច (៣)', '306', '配套资金'],
    // Three levels: item 3 of (二) of section 三.
    ['第三部分（二）第3条原文发我一下', '306', '续报'],
  ])('"%s" gets the clause of the document whose article word or numbering it uses', async (question, prefix, words) => {
    const { passages } = await two.retriever.retrieve({ query: question, k: 3 });
    expect(passages[0]?.chunk.docId.startsWith(prefix)).toBe(true);
    expect(passages[0]?.chunk.text).toContain(words);
  });

  it.each([
    ['ข้อ 6 เขียนว่าอะไร', '302'],
    ['Điều 6 nói gì vậy?', '301'],
    // A Thai question for the Vietnamese guide's Điều 6: its words favour the Thai documents, its article word does not.
    ['Điều 6 ในคู่มือภาษาเวียดนามเขียนว่าอะไรบ้าง', '301'],
  ])('"%s" gets the item of the document whose article word or numbering it uses', async (question, prefix) => {
    const { passages } = await two.retriever.retrieve({ query: question, k: 3 });
    expect(passages[0]?.chunk.docId.startsWith(prefix)).toBe(true);
  });

  it('quotes a clause of an item kept whole with its short list, alone', async () => {
    const answer = await two.answers.ask({ question: 'ข้อ 8 (2) เขียนว่าอะไร' });
    expect(answer).toMatchObject({ found: true, kind: 'quote' });
    expect(answer.citations[0]?.docId.startsWith('303')).toBe(true);
    expect(answer.citations[0]?.quote).toBe('(2) สำเนาบัตรประจำตัวประชาชน');
  });
});

describe('a question that names one document by what its title names', () => {
  let named: Runtime;
  beforeAll(async () => {
    named = await runtimeOver({
      '401_voucher.md': ['# Lancang-Mekong Innovation Voucher Scheme', '', '## Applying', '', 'Enterprises send their papers with a copy of the business registration.', '', '## Selection', '', 'A panel reviews the applications twice a year.'],
      '402_training.md': ['# Applied Technology Training Programme', '', '## How to apply', '', 'Step 2: SMEs apply online. Submit your application through the online portal before the deadline; apply online early.', '', '## Courses', '', 'Courses last two weeks.'],
    });
  }, 60_000);

  it('ranks that document first, over another that says more about applying online', async () => {
    const { passages } = await named.retriever.retrieve({ query: 'how do SMEs apply online for the Lancang-Mekong innovation vouchers?', k: 3 });
    expect(passages[0]?.chunk.docId.startsWith('401')).toBe(true);
  });
});

describe('item N of several documents, asked with one document\'s own marker word', () => {
  let three: Runtime;
  beforeAll(async () => {
    three = await runtimeOver({
      '401_th.txt': ['ประกาศรับสมัครค่ายนวัตกรรม', 'ข้อ 6 ผู้สมัครต้องมีอายุไม่เกิน 35 ปี', 'ข้อ 7 ทีมที่ได้รับคัดเลือกได้รับตั๋วเครื่องบินไปกลับสำหรับสมาชิกไม่เกิน 2 คน', 'ข้อ 8 ประกาศผลทางอีเมล'],
      '402_id.txt': ['PEDOMAN KOMPETISI KOTA CERDAS', 'Pasal 6', 'Tim terdiri atas tiga sampai lima orang.', 'Pasal 7', 'Karya yang melanggar hak cipta didiskualifikasi.', 'Pasal 8', 'Keputusan juri bersifat final.'],
      '403_vi.txt': ['HƯỚNG DẪN TRAO ĐỔI', 'Điều 6. Đối tượng', 'Cán bộ nghiên cứu dưới 40 tuổi.', 'Điều 7. Kinh phí', 'Mỗi người được hỗ trợ tối đa 6 triệu đồng.', 'Điều 8. Báo cáo', 'Nộp báo cáo trong 30 ngày.'],
    });
  }, 60_000);

  it.each([
    // A Tetum question (no document is in Tetum) that copies the marker: that document's item 7 comes first.
    ['favor hatudu testu loloos husi ข้อ 7 iha anúnsiu', '401'],
    ['favor hatudu testu loloos husi Pasal 7 iha anúnsiu', '402'],
    ['favor hatudu testu loloos husi Điều 7 iha anúnsiu', '403'],
  ])('"%s" gets item 7 of the document that marks it so', async (question, prefix) => {
    const { passages } = await three.retriever.retrieve({ query: question, k: 3 });
    expect(passages[0]?.chunk.itemNumber).toBe(7);
    expect(passages[0]?.chunk.docId.startsWith(prefix)).toBe(true);
  });
});

describe('an article made only of its clauses, asked for by its number', () => {
  let docs: Runtime;
  beforeAll(async () => {
    docs = await runtimeOver({
      '501_zh.txt': ['智慧農業合作計畫徵件須知', '第一條　目的', '為推動智慧農業合作，特訂定本須知。', '第三條　補助項目', '一、精準灌溉：結合感測器之灌溉系統。', '二、無人機植保：以無人機進行病蟲害防治。', '三、農產品溯源：以區塊鏈技術追蹤農產品。', '第五條　補助金額', '每案補助新臺幣一百萬元為上限。'],
      '502_vi.txt': ['HƯỚNG DẪN THAM GIA', 'Chương II. KINH PHÍ', 'Điều 3. Hồ sơ', '1. Đơn đăng ký theo mẫu.', '2. Lý lịch khoa học của chủ nhiệm.', '3. Thư xác nhận của đối tác.', 'Điều 5. Đối tượng', '8. Giấy khám sức khỏe trong vòng 06 tháng.', 'Điều 8. Nghĩa vụ', '1. Nộp báo cáo giữa kỳ sau 02 tháng.', '2. Nộp báo cáo tổng kết trong vòng 30 ngày.'],
    });
  }, 60_000);

  it.each([
    ['第三條補助哪些項目？原文', '501', ['精準灌溉', '無人機植保', '農產品溯源']],
    ['what does article 3 of the smart agriculture call say', '501', ['精準灌溉', '農產品溯源']],
    ['Điều 3 nói gì vậy?', '502', ['Đơn đăng ký', 'Lý lịch', 'Thư xác nhận']],
  ])('"%s" quotes every clause of the article', async (question, prefix, words) => {
    const answer = await docs.answers.ask({ question });
    expect(answer).toMatchObject({ found: true, kind: 'quote' });
    expect(answer.citations.every((c) => c.docId.startsWith(prefix))).toBe(true);
    for (const w of words) expect(answer.citations.some((c) => c.quote.includes(w))).toBe(true);
  });

  it('answers an amount written in Chinese numerals ("新臺幣一百萬元")', async () => {
    const answer = await docs.answers.ask({ question: '智慧農業計畫每案補助金額是多少？' });
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.quote).toContain('一百萬元');
  });

  it('keeps item 8 of the article the question writes with its word before the clauses of another article 8', async () => {
    // (The question writes "Điều 5", not "Điều 8": the clauses of Điều 8 are not what it asks.)
    const { passages } = await docs.retriever.retrieve({ query: 'pa-quote ng item 8 ng Điều 5 (health certificate)', k: 3 });
    expect(passages[0]?.chunk.text).toContain('Giấy khám');
  });
});


describe('a corpus folder without a lexicon of its own', () => {
  it('uses the lexicon the product ships with, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asean-nolex-'));
    await mkdir(join(dir, 'documents'));
    await writeFile(join(dir, 'documents', '601_zh.txt'), ['联合研究项目申报指南', '一、申报时间', '申报截止时间为2027年5月31日。'].join('\n'));
    const logged: string[] = [];
    const bare = await createRuntime(
      { openai: null, corpusDir: dir, dataDir: await mkdtemp(join(tmpdir(), 'asean-nolex-data-')), logQuestions: false, web: { host: '127.0.0.1', port: 0 } },
      { memoryStore: true, log: (m) => logged.push(m) },
    );
    expect(logged.some((m) => m.includes('no lexicon') && m.includes(join(CORPUS_DIR, 'lexicon')))).toBe(true);
    // A Vietnamese question reaches the Chinese call only through the lexicon's concepts.
    const answer = await bare.answers.ask({ question: 'Hạn chót nộp hồ sơ dự án nghiên cứu chung là khi nào?' });
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.quote).toContain('2027年5月31日');
  });
});

describe('a list longer than a chat reply can hold', () => {
  it('quotes the first 30 items of the list and says, in the reader\'s language, how many more the document has', async () => {
    const topics = await runtimeOver({
      '701_topics.txt': ['RESEARCH TOPICS GUIDE 2027', 'Section 2 Eligible research topics', ...Array.from({ length: 40 }, (_, i) => `${i + 1}. Research topic number ${i + 1} on sensor networks for rice field ${i + 1}.`)],
    });
    const answer = await topics.answers.ask({ question: 'list the research topics of the topics guide' });
    expect(answer).toMatchObject({ found: true });
    expect(answer.citations).toHaveLength(30);
    expect(answer.citations.at(-1)?.quote).toContain('number 30 ');
    expect(answer.text).toContain(topics.i18n.t('en', 'answer.listMore', { count: 10 }));
  });
});
