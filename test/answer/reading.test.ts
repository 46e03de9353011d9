import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, detailPreference, type AnswerService } from '../../src/answer/service.js';
import { analyzeQuestion, loadCues } from '../../src/answer/analysis.js';
import { answeringKinds, askersYears, countsPages, countsPeople, hasCandidate, namesPerson, sentencesOf, statesClock, statesDay, statesMonth } from '../../src/answer/reading.js';
import { createI18n, type Translator } from '../../src/i18n/i18n.js';
import { Lexicon, loadLexicon } from '../../src/retrieval/lexicon.js';
import { analyze } from '../../src/retrieval/analyzer.js';
import { analyzeQuery, findItemNumber, findSubItemNumber } from '../../src/retrieval/query.js';
import { FakeRetriever, type FakePassage } from '../fakes/retriever.js';
import type { Chunk } from '../../src/core/types.js';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus.js';

// A small lexicon and corpus of its own, independent of the seed documents.
const lexicon = new Lexicon([
  { id: 'org.committee', terms: { en: ['joint committee'], zh: ['联合委员会'], vi: ['ủy ban hỗn hợp'] } },
  { id: 'mode.lab', terms: { en: ['joint lab*', 'joint laborator*'], zh: ['联合实验室'], th: ['ห้องปฏิบัติการร่วม', 'แล็บร่วม'], id: ['laboratorium bersama'] } },
  { id: 'call.grant', terms: { en: ['grant*', 'funding'], zh: ['资助', '经费'], vi: ['tài trợ', 'kinh phí'] } },
  { id: 'call.application', terms: { en: ['application*', 'apply'], zh: ['申报', '申请'], vi: ['hồ sơ', 'nộp hồ sơ'], km: ['ពាក្យស្នើសុំ'] } },
  { id: 'mode.training', terms: { en: ['training', 'course*'], zh: ['培训'], vi: ['đào tạo', 'khóa học'], th: ['หลักสูตร', 'อบรม'] } },
  { id: 'place.nanning', terms: { en: ['Nanning'], zh: ['南宁'], th: ['หนานหนิง'] } },
  { id: 'mode.assistance', terms: { pt: ['ajuda'], zh: ['帮助'], en: ['technical assistance'] } },
  // Words of small talk that are also words of the programs: "ai" is "who" in Vietnamese, 机器人 robotics.
  { id: 'intent.who', terms: { vi: ['ai'] } },
  // A request word that follows a thanks: "Obrigado! E o prazo?" asks for the deadline.
  { id: 'intent.deadline', terms: { pt: ['prazo'], zh: ['截止日期'], en: ['deadline'] } },
  { id: 'field.robotics', terms: { zh: ['机器人'], en: ['robotics'] } },
  { id: 'place.cambodia', terms: { en: ['Cambodia'], zh: ['柬埔寨'] } },
  { id: 'place.vientiane', terms: { en: ['Vientiane'], zh: ['万象'] } },
  { id: 'mode.technician', terms: { en: ['technician*'], zh: ['技术员'] } },
  // A concept the lexicon knows and no passage names.
  { id: 'call.parking', terms: { en: ['parking'] } },
  { id: 'mode.forum', terms: { en: ['forum'], tet: ['forum'] } },
  { id: 'topic.attendance', terms: { en: ['participant*'], tet: ['partisipante'] } },
  // A number of people, asked with the count words ("how many people", "กี่คน").
  { id: 'topic.people_count', terms: { en: ['how many people', 'people'], th: ['กี่คน'] } },
  { id: 'intent.winner', terms: { en: ['who won', 'winner*'] } },
  { id: 'event.contest', terms: { en: ['competition', 'contest'] } },
  // A lexicon request of the generic how-much word.
  { id: 'intent.count', terms: { vi: ['bao nhiêu'] } },
  // A currency, the unit an answer is given in; its Thai word is not listed (as in the corpus lexicon: บาท ends บทบาท).
  { id: 'call.currency_thb', terms: { en: ['baht'], zh: ['泰铢'] }, unit: true },
  { id: 'call.allowance', terms: { en: ['stipend*', 'living allowance'], th: ['ค่าครองชีพ'], zh: ['生活补贴'] } },
  // A word of two meanings: a fellowship (研修) as a training stay (which no passage names) and as a research stay.
  { id: 'mode.hr_training', terms: { en: ['fellowship*'], zh: ['研修'] } },
  { id: 'call.research_stay', terms: { en: ['fellowship*'], zh: ['研修'], th: ['นักวิจัยแลกเปลี่ยน'] } },
]);

const PASSAGES: FakePassage[] = [
  { text: 'The Joint Committee meets once a year. It reviews the projects of the partnership programme and sets its priorities.', section: ['Governance'] },
  { text: 'Since 2015 the programme has set up 12 joint laboratories with partner universities in the region.', section: ['Results'] },
  { text: '申报截止日期为2027年3月31日。每项资助不超过50万元。联系人：李明，电话010-12345678，邮箱li@example.org。', section: ['申报要求'], doc: 'call' },
  { text: '3. Training courses last 2 weeks and take place in Nanning.', section: ['Training', '3. Training courses'], item: 3, translations: { th: '3. หลักสูตรอบรมใช้เวลา 2 สัปดาห์ และจัดที่หนานหนิง' } },
  { text: 'In Vientiane the centre trained 40 technicians in 2016.', section: ['Training'] },
  { text: 'The expo opened in Nanning on 13 July 2023 with 500 exhibitors.', section: ['News'], doc: 'expo' },
  { text: 'The forum has three themes: oceans, ports and fisheries, chosen with the advice of participants. Lunches on 23 and 24 November are included; the dinner runs 18:30–20:30.', section: ['Forum participants'], doc: 'forum' },
  { text: 'This edition expects about 600 participants from the region.', section: ['About the forum'], doc: 'forum' },
  { text: 'The competition was launched by the Ministry of Science and Technology and the Guangxi government.', section: ['Competition'], doc: 'contest' },
  { text: 'Chapter 1 The programme sends young researchers to partner laboratories for six months, and pays their travel and a monthly stipend while they are there.', section: ['Chapter 1 General'], doc: 'scheme' },
  { text: 'Every application is checked by the Director of the Secretariat before the panel meets.', section: ['Selection'], doc: 'selection' },
  { text: 'ข้อ 9 นักวิจัยแลกเปลี่ยนได้รับค่าครองชีพเดือนละ 30,000 บาท เป็นเวลา 4 เดือน', section: ['ข้อ 9 ค่าใช้จ่าย'], item: 9, doc: 'exchange-th', title: 'ประกาศรับสมัครนักวิจัยแลกเปลี่ยน' },
  { text: 'Article 7 To be named a mentor of the fellowship, a researcher must meet all of the following:\n(1) Thai nationality;\n(2) a doctorate;\n(3) a permanent post at a university;\n(4) aged 55 or under on the closing date.', section: ['Chapter 3 Eligibility', 'Article 7 To be named…'], item: 7, doc: 'scheme' },
  { text: 'Questions about the summer school go to the course office by e-mail: course@example.org.', section: ['Summer school', 'Contact'], doc: 'school' },
];

/** Ranks the passages by the concepts and words they share with the question (a stand-in for real retrieval). */
function rank(question: string, chunks: Chunk[]): Chunk[] {
  const concepts = new Set(lexicon.tag(question));
  const tokens = new Set(analyze(question));
  const score = (c: Chunk) => lexicon.tag(`${c.text}\n${Object.values(c.translations).join('\n')}`).filter((x) => concepts.has(x)).length * 10 + analyze(c.text).filter((t) => tokens.has(t)).length;
  return [...chunks].sort((a, b) => score(b) - score(a));
}

let answers: AnswerService;
let i18n: Translator;

/** The answer service over a few hand-made passages of its own (see FakeRetriever), with a test threshold. */
async function serviceOver(passages: FakePassage[]): Promise<AnswerService> {
  const retriever = new FakeRetriever(passages, lexicon, rank);
  return createAnswerService({ retriever, lexicon, cues: await loadCues(), lexical: retriever.stats, chunks: retriever.chunks, i18n, calibration: { threshold: 0.3, method: 'test' } });
}
beforeAll(async () => {
  i18n = await createI18n();
  const retriever = new FakeRetriever(PASSAGES, lexicon, rank);
  answers = createAnswerService({
    retriever, lexicon, cues: await loadCues(), lexical: retriever.stats, chunks: retriever.chunks, i18n,
    calibration: { threshold: 0.3, method: 'test' },
  });
});

describe('reading sentences for the detail asked', () => {
  it('splits sentences in every script, not after abbreviations', () => {
    expect(sentencesOf('Contact Dr. Lee at a@b.org. Applications close on 31 March.').map((s) => s.text)).toEqual(['Contact Dr. Lee at a@b.org.', 'Applications close on 31 March.']);
    expect(sentencesOf('会议在南宁召开。共有33个国家参加！').map((s) => s.text)).toEqual(['会议在南宁召开。', '共有33个国家参加！']);
    // Thai abbreviations are letters with stops ("พ.ศ. 2570", "ม.ค."): no sentence ends there.
    expect(sentencesOf('(1) รับสมัคร ตั้งแต่วันที่ 1 มีนาคม พ.ศ. 2570 ถึงวันที่ 30 เมษายน พ.ศ. 2570').map((s) => s.text)).toEqual(['(1) รับสมัคร ตั้งแต่วันที่ 1 มีนาคม พ.ศ. 2570 ถึงวันที่ 30 เมษายน พ.ศ. 2570']);
    expect(hasCandidate('deadline', '(1) รับสมัคร ตั้งแต่วันที่ 1 มีนาคม พ.ศ. 2570 ถึงวันที่ 30 เมษายน พ.ศ. 2570', lexicon)).toBe(true);
    const text = 'Hạn nộp là ngày 15 tháng 4 năm 2027. Mỗi dự án tối đa 500 triệu đồng.';
    for (const s of sentencesOf(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds a rate of recurrence as the answer to "how often", and not a length of time', () => {
    for (const text of ['The Joint Committee meets once a year.', '大会每两年举办一次。', 'Hội nghị được tổ chức hằng năm tại Nam Ninh.', 'Ketua Projek hendaklah mengemukakan laporan kemajuan setiap enam (6) bulan.', 'ส่งรายงานทุก 3 เดือน', 'Relatórios a cada 6 meses.', 'the forum is held every two years']) {
      expect(hasCandidate('frequency', text, lexicon), text).toBe(true);
    }
    for (const text of ['Training courses last 2 weeks.', '项目实施期为两年。', 'Khóa học kéo dài 3 tháng.', 'Laporan akhir dihantar dalam tempoh tiga (3) bulan.', '不定期召开会议。']) {
      expect(hasCandidate('frequency', text, lexicon), text).toBe(false);
    }
  });

  it('finds candidates of each kind, and not their look-alikes', () => {
    expect(hasCandidate('count', '共有33个国家参加', lexicon)).toBe(true);
    expect(hasCandidate('count', '2018年9月11日在南宁召开', lexicon)).toBe(false);
    expect(hasCandidate('count', '5 开展科技园区合作', lexicon)).toBe(false);
    expect(hasCandidate('amount', '每项资助不超过50万元', lexicon)).toBe(true);
    expect(hasCandidate('amount', 'Each grant is up to USD 50,000.', lexicon)).toBe(true);
    expect(hasCandidate('amount', 'The programme has 12 joint laboratories.', lexicon)).toBe(false);
    // A requirement written with 應/应 and what it requires ("應由", "應具有"), in either script; 应用 is no requirement.
    expect(hasCandidate('requirement', '計畫主持人應具有博士學位。', lexicon)).toBe(true);
    expect(hasCandidate('requirement', '申请团队应由中方单位与东盟国家单位共同组成。', lexicon)).toBe(true);
    expect(hasCandidate('requirement', '推广人工智能技术的应用。', lexicon)).toBe(false);
    expect(hasCandidate('date', 'Hạn nộp là ngày 15 tháng 4 năm 2027.', lexicon)).toBe(true);
    expect(hasCandidate('deadline', 'ปิดรับสมัคร 31 มีนาคม 2027', lexicon)).toBe(true);
    expect(hasCandidate('deadline', '纸质材料须于2027年4月10日前寄达联合办公室。', lexicon)).toBe(true);
    expect(hasCandidate('deadline', '日前，第6届大会于2018年9月在南宁召开。', lexicon)).toBe(false);
    expect(hasCandidate('duration', 'Training courses last 2 weeks.', lexicon)).toBe(true);
    // An age limit written as a date of birth.
    expect(hasCandidate('age', '项目负责人须为正式在职人员，1967年1月1日以后出生。', lexicon)).toBe(true);
    expect(hasCandidate('age', 'Applicants must be born on or after 1 January 1987.', lexicon)).toBe(true);
    expect(hasCandidate('age', 'The lab was set up on 1 January 1987.', lexicon)).toBe(false);
    expect(hasCandidate('duration', '2018年9月在南宁召开', lexicon)).toBe(false);
    expect(hasCandidate('contact', '邮箱li@example.org', lexicon)).toBe(true);
    expect(hasCandidate('percentage', 'Trade grew by 12.5% last year.', lexicon)).toBe(true);
    expect(hasCandidate('person', 'The Joint Committee meets once a year.', lexicon)).toBe(false);
    // Numbers written as words count; an age or a length of time does not answer "how many".
    expect(hasCandidate('count', 'Two observer places are reserved for them.', lexicon)).toBe(true);
    expect(hasCandidate('count', 'One of the courses is held in Xiamen.', lexicon)).toBe(false);
    expect(hasCandidate('duration', 'Each team has eight minutes to pitch.', lexicon)).toBe(true);
    expect(hasCandidate('count', '负责人年龄不超过40周岁', lexicon)).toBe(false);
    expect(hasCandidate('count', 'Trình bày không quá 15 phút.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'A shuttle runs every 30 minutes.', lexicon)).toBe(false);
    // A currency counts next to its number, not anywhere ("hội đồng", a council, ends in the word for dong).
    expect(hasCandidate('amount', 'Chủ nhiệm dự án trình bày trước hội đồng trong thời gian không quá 15 phút.', lexicon)).toBe(false);
    expect(hasCandidate('amount', 'Mỗi dự án được hỗ trợ tối đa 1.200.000.000 đồng.', lexicon)).toBe(true);
    expect(hasCandidate('amount', 'up to 3,000 USD per delegation', lexicon)).toBe(true);
    // In a table row the deadline cell must hold the date, not the course dates beside it.
    expect(hasCandidate('deadline', 'Course: IP Management; Course dates: 18–29 October 2027; Application deadline: To be announced; Places: 30.', lexicon)).toBe(false);
    expect(hasCandidate('deadline', 'Course: Telemedicine; Course dates: 7–18 June 2027; Application deadline: 15 April 2027; Places: 20.', lexicon)).toBe(true);
  });

  it('tells a sentence that states a day from one that states only a year or a month', () => {
    for (const t of ['Day 2 – Wednesday 24 November 2027', '申报截止日期为2027年3月31日。', 'Hạn nộp là ngày 15 tháng 4 năm 2027.', '(1) รับสมัคร ตั้งแต่วันที่ 1 มีนาคม พ.ศ. 2570', 'closes on 30/04/2027', 'Registration closes on November 5, 2027.']) expect(statesDay(t), t).toBe(true);
    for (const t of ['The 2027 edition is the fourth forum.', '2027年3月启动', 'tháng 4 năm 2027', 'ปี พ.ศ. 2570', 'in March 2027']) expect(statesDay(t), t).toBe(false);
  });

  it('tells a sentence that states a time of day from one that states only a date or an amount', () => {
    for (const t of ['网上申报截止时间为2027年3月31日17:00，逾期系统自动关闭。', 'Date: Tue 8 June; Time: 18:30–20:30', 'Hạn nộp hồ sơ là 17 giờ 00 ngày 15 tháng 3 năm 2027.', '上午9时开幕', 'dari pukul 09.00 WIB', 'เวลา 09.00 น.', 'doors open at 9 am', 'início às 14h30']) expect(statesClock(t), t).toBe(true);
    for (const t of ['grand final di Surabaya, pada 25–26 Agustus 2027.', '项目实施期为24个月', '24小时内答复', 'ทุน 1.50 ล้านบาท', '2.25 million yuan', 'version 3.5.10', '1,250.50']) expect(statesClock(t), t).toBe(false);
  });

  it('tells a sentence that names a person from one that names only a role', () => {
    for (const t of ['Contact Ms Nguyen Thi Lan at lan@example.org.', 'Liên hệ: ông Trần Văn Nam, điện thoại 0912.', 'ผู้ประสานงาน นางสาวพิมพ์ชนก ศรีสวัสดิ์ โทร 02', '联系人：李明，电话010-12345678', '科技部部长王志刚出席', '聯繫人：陳小華', 'Dr. Siti Rahma will lead the panel.']) expect(namesPerson(t, lexicon), t).toBe(true);
    for (const t of ['Contact the secretariat at a@b.org.', 'Hội đồng tuyển chọn do Giám đốc Sở Khoa học và Công nghệ thành lập.', 'นายกรัฐมนตรีเป็นประธาน', '科技部部长出席会议', '同一项目负责人本年度限申报1项', 'the dr will see you']) expect(namesPerson(t, lexicon), t).toBe(false);
  });

  it('takes no time of day, day of a date or length of time for a count', () => {
    expect(hasCandidate('count', '• 18:30–20:30 Welcome dinner (registered participants)', lexicon)).toBe(false);
    expect(hasCandidate('count', 'ปิดรับข้อเสนอโครงการ วันที่ 31 มีนาคม 2570 เวลา 16.30 น.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'Lunches on 23 and 24 November are included.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'Registration closes on November 5, 2027.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'The forum is held every two years.', lexicon)).toBe(false);
    // A unit of time in an unspaced script runs on into the next word: still a length of time, not a count.
    expect(hasCandidate('count', 'ผู้รับทุนต้องส่งรายงานภายใน 30 วันหลังเดินทางกลับ', lexicon)).toBe(false);
    expect(hasCandidate('count', '项目结束后30天内提交报告。', lexicon)).toBe(false);
    expect(hasCandidate('count', '25 places, 7–18 June', lexicon)).toBe(true);
    // A number that opens an English sentence counts; one before Chinese text is an item's marker.
    expect(hasCandidate('count', '20 projects were selected on 3 May.', lexicon)).toBe(true);
    expect(hasCandidate('count', '5 开展科技园区合作', lexicon)).toBe(false);
    // Numbers joined by a plus name a grouping ("10+3": ASEAN and its three partners), not how many.
    expect(hasCandidate('count', '會期還將舉辦第5屆10+3青年科學家論壇。', lexicon)).toBe(false);
    expect(hasCandidate('count', 'The 10+3 Young Scientists Forum met in Nanning.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'More than 10+ young scientists attended.', lexicon)).toBe(true);
  });

  it('reads a ratio as a share, and a time of day as none', () => {
    expect(hasCandidate('percentage', '企业自筹经费与申请专项经费的比例不低于1:1', lexicon)).toBe(true);
    expect(hasCandidate('percentage', 'The dinner runs 18:30–20:30.', lexicon)).toBe(false);
  });

  it('reads a point of a programme\'s own calendar as a date, and a length of time as none', () => {
    for (const when of ['The stipend is paid in two instalments: the first in week 1 and the second in week 4.', 'Day 3: site visit to the depot', '第3周进行中期汇报', 'Báo cáo giữa kỳ vào tuần thứ 2.', 'รายงานความก้าวหน้าในสัปดาห์ที่ 2', 'Laporan kemajuan pada minggu ke-2.', 'ika-2 na linggo ng kurso'])
      expect(hasCandidate('date', when, lexicon), when).toBe(true);
    for (const length of ['The course lasts 2 weeks.', 'a 3-day course in Nanning', 'Day care is not provided.', 'Thời gian trao đổi từ 03 tháng đến 06 tháng.'])
      expect(hasCandidate('date', length, lexicon), length).toBe(false);
  });

  it('tells a year the asker states of themselves from a year the question asks about', () => {
    expect([...askersYears('I was born in June 1986, am I still ok?', 'en')]).toEqual(['1986']);
    expect([...askersYears('fellowship di Sanya, PhD saya lulus 2018 masih bisa?', 'id')]).toEqual(['2018']);
    expect([...askersYears('pwede pa ba? PhD ko 2018 pa nakuha', 'fil')]).toEqual(['2018']);
    expect([...askersYears('我2018年博士毕业，还能申请吗', 'zh-Hans')]).toEqual(['2018']);
    // (Portuguese "em" is "in", the Vietnamese "em" is "I": the words are the question's language's.)
    expect([...askersYears('Quantos projetos foram aprovados em 2018?', 'pt')]).toEqual([]);
    expect([...askersYears('em tốt nghiệp năm 2019, còn nộp được không?', 'vi')]).toEqual(['2019']);
    expect([...askersYears('How many joint laboratories were set up in 2012?', 'en')]).toEqual([]);
    expect([...askersYears('2018年有多少个项目', 'zh-Hans')]).toEqual([]);
  });

  it('tells a Vietnamese date from a number of months', () => {
    // "tháng" is both the month of a date and the unit of time: only a number after it makes a date.
    expect(hasCandidate('duration', 'Ban hành kèm theo Quyết định số 38/QĐ-SKHCN ngày 15 tháng 01 năm 2027 của Giám đốc Sở', lexicon)).toBe(false);
    expect(hasCandidate('date', 'Ban hành kèm theo Quyết định số 38/QĐ-SKHCN ngày 15 tháng 01 năm 2027 của Giám đốc Sở', lexicon)).toBe(true);
    expect(hasCandidate('duration', 'Thời gian trao đổi từ 03 tháng đến 06 tháng.', lexicon)).toBe(true);
    expect(hasCandidate('date', 'Thời gian trao đổi từ 03 tháng đến 06 tháng.', lexicon)).toBe(false);
    expect(hasCandidate('duration', 'Dự án thực hiện trong 18 tháng kể từ tháng 7 năm 2027.', lexicon)).toBe(true);
    expect(hasCandidate('date', 'Hồ sơ nộp trước ngày 15 tháng 4.', lexicon)).toBe(true);
  });
});

describe('the answer service on hand-made passages (FakeRetriever)', () => {
  it('answers a count with the sentence that counts the thing asked about', async () => {
    const answer = await answers.ask({ question: 'How many joint laboratories has the programme set up?' });
    expect(answer).toMatchObject({ found: true, language: 'en', kind: 'fact' });
    expect(answer.citations[0]?.quote).toBe(PASSAGES[1]!.text);
  });

  it('counts what the question counts: participants, not the themes of the same forum', async () => {
    for (const question of ['How many participants does the forum expect?', "Forum ne'e, sira espera partisipante na'in hira?"]) {
      const answer = await answers.ask({ question });
      expect(answer.found).toBe(true);
      expect(answer.citations[0]?.quote).toBe('This edition expects about 600 participants from the region.');
    }
  });

  it('answers a yes/no question only from a sentence about its focus, and otherwise says the documents do not say', async () => {
    const yes = await answers.ask({ question: 'Is there a dinner at the forum?' });
    expect(yes.found).toBe(true);
    expect(yes.citations[0]?.quote).toMatch(/^Lunches on 23 and 24 November are included/u);
    const unsaid = await answers.ask({ question: 'Is there a dress code at the forum?' });
    expect(unsaid).toMatchObject({ found: false, kind: 'not-found' });
    expect(unsaid.text).toContain(i18n.t('en', 'answer.lacks.statement'));
  });

  it('declines an address asked of a passage that gives only a phone number and an e-mail address', async () => {
    const address = await answers.ask({ question: 'What is the postal address of 李明 for the application?' });
    expect(address.found).toBe(false);
    const phone = await answers.ask({ question: 'What is the phone number of 李明 for the application?' });
    expect(phone.found).toBe(true);
    expect(phone.citations[0]?.quote).toContain('010-12345678');
  });

  it('reads the kind of contact named first: a phone asked "rather than e-mail" is not answered by an e-mail address', async () => {
    const phone = await answers.ask({ question: "What's the phone no. of the summer school course office? I'd rather call than email" });
    expect(phone.found).toBe(false);
    const email = await answers.ask({ question: 'What is the e-mail of the summer school course office? Or a phone?' });
    expect(email.found).toBe(true);
    expect(email.citations[0]?.quote).toContain('course@example.org');
  });

  it('quotes the clause asked for alone when its item is kept whole with its list', async () => {
    const answer = await answers.ask({ question: 'What does Article 7 (4) say exactly?' });
    expect(answer).toMatchObject({ found: true, kind: 'quote' });
    expect(answer.citations[0]?.quote).toBe('(4) aged 55 or under on the closing date.');
  });

  it('reads the line that leads into a list as what each item of it is about', async () => {
    const answer = await answers.ask({ question: 'Is there an age limit for a fellowship mentor?' });
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.quote).toBe('(4) aged 55 or under on the closing date.');
  });

  it('answers the details of a question the documents state, and says which one they do not', async () => {
    const answer = await answers.ask({ question: 'On what date did the expo open, and how much was its budget?' });
    expect(answer).toMatchObject({ found: true, kind: 'fact' });
    expect(answer.citations[0]?.quote).toContain('13 July 2023');
    // (After what they state: the first line is the answer's, not a decline.)
    expect(answer.text.indexOf(i18n.t('en', 'answer.lacks.amount'))).toBeGreaterThan(answer.text.indexOf('13 July 2023'));
    expect(answer.text.split('\n')[0]).toBe(i18n.t('en', 'answer.intro'));
  });

  it('answers a detail of one of several numbered things only from a passage about that one', async () => {
    const cohorts = await serviceOver([
      { text: 'Cohort 1 of the training course starts on 3 May 2027 in Nanning.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
      { text: 'Cohort 2 of the training course starts on 7 June 2027 in Nanning.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
      { text: 'Cohort 3 of the training course is held in Nanning for 20 technicians.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
    ]);
    const second = await cohorts.ask({ question: 'On what date does Cohort 2 of the training course start?' });
    expect(second.found).toBe(true);
    expect(second.citations[0]?.quote).toContain('7 June 2027');
    const third = await cohorts.ask({ question: 'On what date does Cohort 3 of the training course start?' });
    expect(third).toMatchObject({ found: false, kind: 'not-found' });
    expect(third.text).not.toMatch(/3 May|7 June/u);
  });

  it('answers "which day, and at what time?" with the day a passage gives, saying the time is not given; declines the time alone', async () => {
    const call = await serviceOver([
      { text: 'Applications for the training course close on 30 April 2027.', section: ['Training', 'Key dates'], doc: 'dates' },
      { text: 'The training course takes place in Nanning.', section: ['Training', 'Venue'], doc: 'dates' },
    ]);
    const both = await call.ask({ question: 'training course 报名截止是几号？几点截止？' });
    expect(both.found).toBe(true);
    expect(both.citations[0]?.quote).toContain('30 April 2027');
    expect(both.text).toContain(i18n.t('zh-Hans', 'answer.lacks.time'));
    const time = await call.ask({ question: 'At what time do applications for the training course close?' });
    expect(time.found).toBe(false);
  });

  it('reads a designator written in another language with the document\'s own word, and declines one the document does not number', async () => {
    const cohorts = await serviceOver([
      { text: 'Cohort 1 of the training course starts on 3 May 2027 in Nanning.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
      { text: 'Cohort 2 of the training course starts on 7 June 2027 in Nanning.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
      { text: 'Cohort 3 of the training course starts on 2 August 2027 in Nanning.', section: ['Training', 'Cohorts'], doc: 'cohorts' },
    ]);
    // (Thai "รุ่นที่ 2", Chinese "第二期": the second cohort.)
    const thai = await cohorts.ask({ question: 'หลักสูตรอบรม รุ่นที่ 2 เริ่ม training วันไหน (date)?' });
    expect(thai.found).toBe(true);
    expect(thai.citations[0]?.quote).toContain('7 June 2027');
    const chinese = await cohorts.ask({ question: '培训第二期 training course 哪天开始？' });
    expect(chinese.citations[0]?.quote).toContain('7 June 2027');
    // A fourth cohort the guide does not have: no date of another cohort offered for it.
    const fourth = await cohorts.ask({ question: 'On what date does Cohort 4 of the training course start?' });
    expect(fourth).toMatchObject({ found: false, kind: 'not-found' });
    expect(fourth.text).not.toMatch(/3 May|7 June|2 August/u);
  });

  it('declines a question for a date and a place when only a place is found', async () => {
    const answer = await answers.ask({ question: 'On what date and where do the training courses take place?' });
    expect(answer).toMatchObject({ found: false, kind: 'not-found' });
    expect(answer.text.split('\n')[0]).toBe(i18n.t('en', 'answer.lacks.date'));
  });

  it('declines a count question whose passage has no number for it, without offering another number', async () => {
    const answer = await answers.ask({ question: 'How many members does the joint committee have?' });
    expect(answer).toMatchObject({ found: false, kind: 'not-found' });
    expect(answer.text.split('\n')[0]).toBe(i18n.t('en', 'answer.lacks.count'));
    expect(answer.citations[0]?.quote).toContain('Joint Committee');
    expect(answer.text).not.toContain('12 joint');
  });

  it('answers for the year the question names, and not with a figure of another year', async () => {
    const same = await answers.ask({ question: 'Since 2015, how many joint laboratories has the programme set up?' });
    expect(same).toMatchObject({ found: true, kind: 'fact' });
    expect(same.citations[0]?.quote).toBe(PASSAGES[1]!.text);
    const other = await answers.ask({ question: 'How many joint laboratories did the programme set up in 2012?' });
    expect(other).toMatchObject({ found: false, kind: 'not-found' });
    expect(other.text).not.toContain('12 joint');
  });

  it('answers an eligibility question whose asker states their own year, and not one asked of another year', async () => {
    const service = await serviceOver([{ text: 'Applicants must hold a doctorate awarded no earlier than 1 June 2019 and be aged 42 or under on 31 May 2027.', section: ['Eligibility'], doc: 'fellowship' }]);
    const own = await service.ask({ question: 'I got my PhD in 2018, what is the age limit for the fellowship?' });
    expect(own).toMatchObject({ found: true });
    expect(own.citations[0]?.quote).toContain('aged 42 or under');
    const asked = await service.ask({ question: 'What was the age limit for the fellowship in 2018?' });
    expect(asked).toMatchObject({ found: false });
  });

  it('answers a count for the place the question names, and not with a figure for the whole region', async () => {
    const region = await answers.ask({ question: 'How many joint laboratories has the programme set up in Cambodia?' });
    expect(region).toMatchObject({ found: false });
    expect(region.text).not.toContain('12 joint');
    const city = await answers.ask({ question: 'How many technicians were trained in Vientiane?' });
    expect(city).toMatchObject({ found: true, kind: 'fact' });
    expect(city.citations[0]?.quote).toContain('40 technicians');
  });

  it('does not decline for a currency no passage is tagged with, nor for a word whose other meaning the passages name', async () => {
    // 泰铢 (baht) is the unit of the amount asked (the Thai passage writes บาท, which the lexicon does not list).
    // (Asked in Chinese: its words cannot occur in the Thai passage, which is judged on the concepts asked.)
    const unit = await answers.ask({ question: '每月的生活补贴是多少泰铢？' });
    expect(unit).toMatchObject({ found: true, kind: 'fact' });
    expect(unit.citations[0]?.quote).toContain('30,000 บาท');
    // 研修 names a training stay, which no passage names, and a research stay, which the Thai passage does.
    const twoMeanings = await answers.ask({ question: '研修人员每月生活补贴多少？' });
    expect(twoMeanings).toMatchObject({ found: true, kind: 'fact' });
    expect(twoMeanings.citations[0]?.quote).toContain('30,000 บาท');
  });

  it('reads a concept named only by the words that ask for the kind of answer as no subject of the question', async () => {
    const withAge = new Lexicon([{ id: 'call.age', terms: { en: ['age limit', 'age'] } }, { id: 'mode.lab', terms: { en: ['joint lab*'] } }]);
    const cues = await loadCues();
    const a = analyzeQuestion(analyzeQuery('Is there an age limit for the joint lab fellowship?', withAge, 'en'), cues, withAge);
    expect(a.details).toEqual(['age']);
    expect(a.subjects).toEqual(['call.age', 'mode.lab']);
    expect(a.kindConcepts).toEqual(['call.age']);
  });

  it('does not answer how many with the number the question itself states', async () => {
    const answer = await answers.ask({ question: 'Of the 500 exhibitors at the Nanning expo, how many came from Vietnam?' });
    expect(answer).toMatchObject({ found: false });
    const plain = await answers.ask({ question: 'How many exhibitors did the Nanning expo have?' });
    expect(plain).toMatchObject({ found: true });
    expect(plain.citations[0]?.quote).toContain('500 exhibitors');
  });

  it('answers a question for a day only with a sentence that states one, not with the year of the edition', async () => {
    const day = await answers.ask({ question: 'From what date to what date does the expo run?' });
    expect(day).toMatchObject({ found: true });
    expect(day.citations[0]?.quote).toContain('13 July 2023');
    const yearOnly = await answers.ask({ question: 'What date did the technicians in Vientiane finish their training?' });
    expect(yearOnly).toMatchObject({ found: false });
    expect(yearOnly.text).not.toMatch(/^\[1\] In Vientiane/mu);
  });

  it('answers a question for a name only with a sentence that names a person, not with a title or a role', async () => {
    const named = await answers.ask({ question: 'What is the name of the contact person for the call?' });
    expect(named).toMatchObject({ found: true });
    expect(named.citations[0]?.quote).toContain('李明');
    const role = await answers.ask({ question: 'What is the name of the director who checks every application?' });
    expect(role).toMatchObject({ found: false });
    expect(role.text).not.toMatch(/^\[1\] Every application/mu);
  });

  it('declines a detail of a subject no passage names, however well the rest of the question is covered', async () => {
    const answer = await answers.ask({ question: 'How many parking spaces do the joint laboratories of the programme have?' });
    expect(answer).toMatchObject({ found: false });
    expect(answer.text).not.toContain('12 joint');
  });

  it('does not answer when something closes with the day it opened', async () => {
    const closing = await answers.ask({ question: 'When did the Nanning expo close?' });
    expect(closing).toMatchObject({ found: false });
    expect(closing.text).not.toContain('13 July');
    const opening = await answers.ask({ question: 'When did the Nanning expo open?' });
    expect(opening).toMatchObject({ found: true, kind: 'fact' });
    expect(opening.citations[0]?.quote).toContain('13 July 2023');
  });

  it('declines "who chairs" when the passage names no person, saying what is missing', async () => {
    const answer = await answers.ask({ question: 'Who chairs the joint committee?' });
    expect(answer).toMatchObject({ found: false });
    expect(answer.text.split('\n')[0]).toBe(i18n.t('en', 'answer.lacks.person'));
  });

  it('answers "how often" from a sentence that states a recurrence, and declines it where none is stated', async () => {
    const often = await answers.ask({ question: 'How often does the Joint Committee meet?' });
    expect(often).toMatchObject({ found: true, language: 'en' });
    expect(often.citations[0]?.quote).toBe('The Joint Committee meets once a year.');
    // The summer school is spoken of (its contact), but not how often it runs.
    const courses = await answers.ask({ question: 'How often is the summer school held?' });
    expect(courses).toMatchObject({ found: false, language: 'en' });
    expect(courses.text.split('\n')[0]).toBe(i18n.t('en', 'answer.lacks.frequency'));
    expect(courses.text).not.toContain('once a year');
  });

  it('answers an amount, a deadline and a contact from a Chinese call, in Vietnamese', async () => {
    const amount = await answers.ask({ question: 'Mỗi dự án được tài trợ bao nhiêu tiền?' });
    expect(amount).toMatchObject({ found: true, language: 'vi' });
    expect(amount.citations[0]?.quote).toBe('每项资助不超过50万元。');
    const deadline = await answers.ask({ question: 'Hạn chót nộp hồ sơ là khi nào?' });
    expect(deadline).toMatchObject({ found: true, language: 'vi' });
    expect(deadline.citations[0]?.quote).toBe('申报截止日期为2027年3月31日。');
    const contact = await answers.ask({ question: 'Email liên hệ để nộp hồ sơ là gì?' });
    expect(contact).toMatchObject({ found: true });
    expect(contact.citations[0]?.quote).toContain('li@example.org');
  });

  it('answers a duration in Thai with the Thai version beside the quote, and declines an age limit', async () => {
    const duration = await answers.ask({ question: 'หลักสูตรอบรมใช้เวลานานเท่าไหร่' });
    expect(duration).toMatchObject({ found: true, language: 'th' });
    // (The quote leaves the item's number out, and so does the version shown beside it.)
    expect(duration.citations[0]?.translation).toEqual({ lang: 'th', text: PASSAGES[3]!.translations!.th!.replace(/^3\. /u, '') });
    expect(duration.text).toContain(i18n.t('th', 'answer.translationOwnLabel'));
    const age = await answers.ask({ question: 'What is the age limit for the training courses?' });
    expect(age).toMatchObject({ found: false });
    expect(age.text.split('\n')[0]).toBe(i18n.t('en', 'answer.lacks.age'));
  });

  it('says when no version exists in any language but the original', async () => {
    const answer = await answers.ask({ question: 'How many joint laboratories has the programme set up?', locale: 'km', localeIsChoice: true });
    expect(answer.citations.every((c) => c.translation === undefined)).toBe(true);
    expect(answer.text).toContain(i18n.t('km', 'answer.noTranslation'));
  });

  for (const [question, lang] of [['Xin chào, bạn là ai?', 'vi'], ['早上好，你是机器人吗？', 'zh-Hans'], ['hi', 'en'], ['hello po', 'fil'], ['สวัสดีครับ', 'th'], ['chào bạn', 'vi'], ['makasih ya', 'id'], ['អរគុណ', 'km'], ['obrigadu barak', 'tet'], ['你好', 'zh-Hans'], ['who are you?', 'en'], ['Kumusta ka?', 'fil'], ['help', 'en'], ['how are you?', 'en'], ['ທ່ານແມ່ນໃຜ', 'lo'], ['tolong bantu saya', 'id'], ['bạn có thể giúp gì?', 'vi'], ['Bom dia! tudo bem?', 'pt'], ['sawasdee krub', 'th'], ['sousdey bong 😊', 'km'], ['sabaideeee', 'lo'], ['mingalarpar bro', 'my'], ['uy hellooo po', 'fil'], ['awak ni manusia ke robot', 'ms'], ['តើអ្នកជាមនុស្សឬរ៉ូបូត?', 'km'], ['gimana cara pakenya', 'id'], ['Bondia! Ita mak se? Bele ajuda hau?', 'tet'], ['Botarde. Ita bele ajuda saida deit?', 'tet']] as const) {
    it(`replies to small talk "${question}" in ${lang}, without passages`, async () => {
      const answer = await answers.ask({ question });
      expect(answer).toMatchObject({ found: false, kind: 'chat', citations: [], retrieved: [] });
      expect(['id', 'ms'].includes(lang) ? ['id', 'ms'] : [lang]).toContain(answer.language);
    });
  }

  it('takes thanks that name a concept for small talk, and a thanks with a question for a question', async () => {
    for (const question of ['Obrigada pela ajuda!', '感谢！很有帮助']) expect((await answers.ask({ question })).kind).toBe('chat');
    expect((await answers.ask({ question: 'thanks, and what is the deadline for the application?' })).kind).not.toBe('chat');
  });

  it('takes a greeting followed by thanks for the help for small talk, and a thanks followed by a request word for a question', async () => {
    for (const question of ['Bom dia! Obrigado pela ajuda de hoje.', 'ជំរាបសួរ! អរគុណសម្រាប់ជំនួយ', 'oi, tudo bem? obrigado pela ajuda', 'salamat po sa tulong!', 'hey, r u a bot?', 'Good morning. May I ask who I am speaking with?', 'ดีจ้า']) {
      expect({ question, kind: (await answers.ask({ question })).kind }).toEqual({ question, kind: 'chat' });
    }
    for (const question of ['Obrigado! E o prazo?', '谢谢！那截止日期呢']) expect({ question, kind: (await answers.ask({ question })).kind }).not.toEqual({ question, kind: 'chat' });
  });

  it('takes a greeting or thanks with a remark of its own, or with a word for the assistant, for small talk; not one that asks', async () => {
    for (const question of ['嗨～你是谁呀，机器人吗', 'cảm ơn bot nhiều, chúc bạn một ngày tốt lành', 'สวัสดีครับ วันนี้ฝนตกหนักมากเลย 555', 'Hello, I am Dara from Vientiane']) {
      expect({ question, kind: (await answers.ask({ question })).kind }).toEqual({ question, kind: 'chat' });
    }
    // (A question of the programs, the assistant's word beside a greeting alone, or that word alone.)
    const asking = [];
    for (const question of ['你好，机器人领域有哪些合作？', 'hello, what is the deadline of the training course?', 'robotics']) asking.push({ question, kind: (await answers.ask({ question })).kind });
    expect(asking.filter((a) => a.kind === 'chat')).toEqual([]);
  });

  it('declines off-topic questions briefly, without passages, with or without off-topic words', async () => {
    for (const question of ["what's the weather in Bangkok today?", 'Who won the football match last night?', 'ราคาทองวันนี้เท่าไหร่', 'book me a flight to Nanning please', 'how far is Yangon from Mandalay by bus?', 'can u write me a python function to reverse a linked list', '雙子座這週運勢如何', 'resepi nasi lemak sambal sotong', 'ada kerja kosong part time kat Penang tak', 'pano magluto ng adobong manok']) {
      const answer = await answers.ask({ question });
      expect({ question, kind: answer.kind, citations: answer.citations.length }).toEqual({ question, kind: 'off-topic', citations: 0 });
    }
  });

  it('declines snow, typhoon and cold-weather forecasts, cinema tickets, cooking and outings as off-topic, and keeps typhoon research on topic', async () => {
    for (const question of ['will it snow in Hanoi this weekend?', '台北明天会不会有台风？', 'Hà Nội tối nay lạnh ko?', 'tiket wayang kat Mid Valley berapa?', 'ធ្វើម្ហូបខ្មែរយ៉ាងម៉េចឲ្យឆ្ងាញ់?', '周末想出去玩，去哪好']) {
      const answer = await answers.ask({ question });
      expect({ question, kind: answer.kind, citations: answer.citations.length }).toEqual({ question, kind: 'off-topic', citations: 0 });
    }
    expect((await answers.ask({ question: '台风灾害监测的联合研究可以申请吗？' })).kind).not.toBe('off-topic');
    expect((await answers.ask({ question: 'saya baru guna bot ni, macam mana nak mula tanya?' })).kind).toBe('chat');
  });

  it('declines personal errands (fares, timetables, phone prices, homework) as off-topic', async () => {
    for (const question of ['giá iphone 15 hiện tại bao nhiêu v', 'bus ticket from KL to Penang how much', '高铁时刻表哪里查', 'tolong buatin essay 500 kata tentang global warming', 'ລາຄາໂທລະສັບ Samsung ເທົ່າໃດ?', 'วันนี้หวยออกอะไร', 'តើថ្ងៃនេះអាកាសធាតុនៅភ្នំពេញយ៉ាងម៉េច', '最近有什么新闻', '帮我写一首关于春天的诗', 'หุ้นวันนี้ขึ้นหรือลง']) {
      const answer = await answers.ask({ question });
      expect({ question, kind: answer.kind, citations: answer.citations.length }).toEqual({ question, kind: 'off-topic', citations: 0 });
    }
  });

  it('declines general tasks and prices as off-topic, also where a how-much word overlaps the subject, and keeps questions about the documents\' translations on topic', async () => {
    for (const question of ['berapa harga Samsung S23 sekarang?', 'tolong terjemahkan kalimat ini ke bahasa Inggris', '帮我翻译这句话成英文', '今天美股收盘怎么样']) {
      const answer = await answers.ask({ question });
      expect({ question, kind: answer.kind, citations: answer.citations.length }).toEqual({ question, kind: 'off-topic', citations: 0 });
    }
    // (Read by the analysis itself: over these hand-made passages any question they do not cover and that names no
    // subject is declined as off-topic.)
    const cues = await loadCues();
    for (const question of ['do I need to translate my documents into English?', 'is there a translated version of the call?', 'berapa harga pendaftaran workshop?']) {
      expect({ question, offTopic: analyzeQuestion(analyzeQuery(question, lexicon, null), cues, lexicon).offTopic }).toEqual({ question, offTopic: false });
    }
  });

  it('takes questions about what the assistant can do and which languages it speaks for small talk', async () => {
    for (const question of ['Ita bele ajuda saida?', '您能提供哪些協助？', 'do you speak Khmer?', 'can you reply in Vietnamese?']) {
      expect({ question, kind: (await answers.ask({ question })).kind }).toEqual({ question, kind: 'chat' });
    }
  });

  it('takes an apology for a message sent by mistake, and a complaint about an answer, for small talk', async () => {
    for (const question of ['sorry wrong window, pls ignore that', 'maaf, tersalah hantar', 'tbh that last answer was pretty useless']) {
      expect({ question, kind: (await answers.ask({ question })).kind }).toEqual({ question, kind: 'chat' });
    }
  });

  it('gives a short reply to a message with no letters or digits, and nothing is searched', async () => {
    const answer = await answers.ask({ question: '👍🙏 ?!' });
    expect(answer).toMatchObject({ kind: 'chat', citations: [] });
    expect(answer.text).toBe(i18n.t('en', 'chat.noLetters'));
  });
});

describe('item references in every numeral system', () => {
  it.each([
    ['item 5 of the guidelines', 5], ['point five', 5], ['the third point', 3], ['ข้อ 5', 5], ['ข้อที่ 5', 5], ['điểm thứ ba', 3], ['butir ke-3', 3],
    ['第三条', 3], ['第3點', 3], ['第五项', 5], ['ចំណុចទី៣', 3], ['ຂໍ້ທີ 4', 4], ['အချက် ၅', 5], ['Artigo 6', 6], ['6வது point-ஐ சொல்லுங்க', 6], ['ข้อที่ห้า', 5],
  ])('%s → %i', (text, n) => expect(findItemNumber(text)).toBe(n));

  it.each([
    ['Điều 5 điểm a quy định gì', 5, 1], ['Điều 6 khoản 3', 6, 3], ['Article 5(a)', 5, 1], ['ข้อ 12 (4) ว่าอย่างไร', 12, 4], ['第五条第三款', 5, 3], ['artigo 3, alínea b', 3, 2],
    // A Chinese document's own markers, copied into a question in another language, and an article's clause in the asker's word.
    ['ช่วยยกข้อความของหัวข้อ 三 (二) ในประกาศ', 3, 2], ['kutip butir 三、（四） di panduan', 3, 4], ['nakasulat sa 四、申报材料 item 2', 4, 2], ['ຂໍ້ຄວາມ Điều 3 ຂໍ້ 1 ໃນຄູ່ມື', 3, 1],
    ['Pasal 12 ayat (1) bunyinya apa', 12, 1], ['ផ្នែកទី៣ ចំណុច (៣)', 3, 3], ['第四部分（一）第3条原文', 4, 3], ['kondisaun númeru 2', 2, null],
  ])('%s → item %i, clause %i', (text, item, clause) => {
    expect(findItemNumber(text)).toBe(item);
    expect(findSubItemNumber(text)).toBe(clause);
  });

  it('reads no clause where none follows the item', () => {
    expect(findSubItemNumber('item 4 of the initiative')).toBeNull();
    // An enumeration comma between numerals is no section marker.
    expect(findSubItemNumber('我有三、四个问题')).toBeNull();
    expect(findItemNumber('我有三、四个问题')).toBeNull();
    expect(findSubItemNumber('point 6, and the deadline (2027)?')).toBeNull();
    // Malay "pasal" is also "about": an article only with its number right after it.
    expect(findItemNumber('pasal visa tu macam mana, ambil 2 minggu ke')).toBeNull();
  });

  it('reads an edition as no item', () => {
    expect(findItemNumber('o que aconteceu no 6º fórum?')).toBeNull();
    expect(findItemNumber('第6届大会在哪里举办')).toBeNull();
    expect(findItemNumber('ข้อเสนอ 4 ข้อของรัฐมนตรี')).toBeNull();
    expect(findItemNumber('thời điểm năm 2018 hội nghị')).toBeNull();
  });
});

describe('the detail a question asks for', () => {
  const detailsOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon).details;

  it('prefers, for a question of how to apply, the passages that say how (submit, register, online, nộp hồ sơ, ยื่น)', async () => {
    const analysisOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon);
    const prefer = detailPreference(await analysisOf('how do we apply for the training course? online or on paper?'), lexicon)!;
    const chunk = (text: string) => ({ text }) as Chunk;
    expect(prefer(chunk('4.1 Applications are submitted online through the portal.'))).toBe(true);
    expect(prefer(chunk('Hồ sơ nộp trực tiếp hoặc qua bưu điện.'))).toBe(true);
    expect(prefer(chunk('The scheme helps small enterprises buy technical services.'))).toBe(false);
  });

  it('keeps no Chinese character pair that straddles a cue in the focus, and reads a list asked beside a money word as a list', async () => {
    const corpusLexicon = await loadLexicon(join(CORPUS_DIR, 'lexicon'));
    const of = async (question: string) => analyzeQuestion(analyzeQuery(question, corpusLexicon, null), await loadCues(), corpusLexicon);
    // 助哪 and 些项 cross from 補助 / 哪些 into the words beside them; 项目 is the question's own word.
    expect((await of('補助哪些項目')).focus.tokens).toEqual(['项目']);
    expect((await of('申請資格有哪些')).focus.tokens).toEqual([]);
    // Which items the grant covers is a list, not an amount; "how much is the grant" still asks an amount.
    expect((await of('補助哪些項目')).details).toEqual([]);
    expect((await of('补助多少钱')).details).toEqual(['amount']);
    // "Who are they" in Chinese asks for a who; "who are you" stays small talk.
    expect((await of('评审团的专家都是谁')).details).toEqual(['who']);
    expect((await of('你们是谁')).talk).toBe('identity');
    // A request for help may name what the assistant is for (places, institutions) and stays small talk; a
    // detail asked beside it is a question.
    expect((await of('is this the bot for the china-asean docs? how do i use u')).talk).toBe('help');
    expect((await of('how do I use this to find the ASEAN joint lab deadlines?')).talk).toBeNull();
  });

  it('reads a bare how-much word asked of the places on offer as a count, the money word naming what they are of', async () => {
    // (The corpus lexicon: its concept of places on offer, with kuota, 名额, slots, vagas …)
    const corpusLexicon = await loadLexicon(join(CORPUS_DIR, 'lexicon'));
    const of = async (question: string) => analyzeQuestion(analyzeQuery(question, corpusLexicon, null), await loadCues(), corpusLexicon).details;
    expect(await of('pelatihan di Kunming itu kuota beasiswanya brp?')).toEqual(['count']);
    expect(await of('奖学金名额有多少')).toEqual(['count']);
    // Asked of the money alone, or with a how-much word of money's own, it asks how much.
    expect((await of('beasiswanya brp?'))[0]).toBe('amount');
    expect((await of('berapa biaya kursus, kuota masih ada?'))[0]).toBe('amount');
  });

  it('takes a money word that names the program for context when another detail is asked', async () => {
    expect(await detailsOf('is there an age cap for the project leader in the joint research grant?')).toEqual(['age']);
    // A count asked with its own words comes before the money word; one asked with a how-much word does not.
    expect(await detailsOf('how many places does the scholarship have?')).toEqual(['count']);
    expect((await detailsOf('how much is the scholarship?'))[0]).toBe('amount');
    expect((await detailsOf("what's the total budget of the programme?"))[0]).toBe('amount');
    expect(answeringKinds('count', false)).toEqual(['count', 'percentage', 'measure']);
    expect(await detailsOf('how much is the grant for a project leader under 40?')).toEqual(['amount']);
    // A how-much word with what it counts ("berapa orang", "bao nhiêu người") asks a count with its own words,
    // also beside a word of being ("ada berapa orang"); a how-much word alone beside a money word asks an amount.
    expect(await detailsOf('geran tu panel penilai pakar ada berapa orang?')).toEqual(['count']);
    expect(await detailsOf('bao nhiêu người được nhận học bổng?')).toEqual(['count']);
    expect(await detailsOf('hibah ada berapa?')).toEqual(['amount']);
    expect(await detailsOf('học bổng bao nhiêu?')).toEqual(['amount']);
    // Burmese as it is often typed: ဘယ်နှ for ဘယ်နှစ် ("how many").
    expect(await detailsOf('သင်တန်းမှာ ဆရာ ဘယ်နှယောက်ရှိလဲ')).toEqual(['count']);
  });

  it('asks how to apply when a money word only names what is applied for ("how do I apply for the scholarship?")', async () => {
    const typesOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon);
    for (const q of ['how do I apply for the scholarship?', 'macam mana nak mohon geran tu, prosedur dia apa']) {
      const a = await typesOf(q);
      expect({ q, first: a.answerTypes[0], details: a.details }).toEqual({ q, first: 'procedure', details: [] });
    }
    // "补助谁的机票" asks whose ticket is paid for: a who, the subsidy being the context.
    expect((await typesOf('寮國那個工作坊，主辦方補助誰的機票？')).details).toEqual(['who']);
    // With a how-much word, the amount is asked as well, and first.
    expect((await typesOf('how much is the grant and how do I apply?')).details).toEqual(['amount']);
  });

  it('reads a bare how-much word beside another detail as part of it, not as a count: "dari tarikh berapa sampai berapa"', async () => {
    const cues = await loadCues();
    const details = (q: string) => analyzeQuestion(analyzeQuery(q, lexicon, null), cues, lexicon).details;
    expect(details('Forum tu berlangsung dari tarikh berapa sampai berapa?')).toEqual(['date']);
    // A value asked of money is an amount, and the how-much word beside it is part of it.
    expect(details('What is the minimum value of the voucher?')).toEqual(['amount']);
    expect(details('giá trị tối đa của voucher là bao nhiêu?')).toEqual(['amount']);
    // A count asked with its own words stays.
    expect(details('How many participants, and when is the forum?')).toContain('count');
  });

  it('reads a unit of time as a rate ("per day", "รายวัน", "mỗi tháng") or a time ("this year", "ປີນີ້") as no duration asked', async () => {
    for (const q of ['ได้เบี้ยเลี้ยงรายวันเท่าไหร่คะ', 'trợ cấp mỗi tháng bao nhiêu?', '每天补贴多少？', 'berapa uang saku per hari?']) {
      expect({ q, details: await detailsOf(q) }).not.toEqual({ q, details: ['duration'] });
    }
    expect(await detailsOf('ປີນີ້ໃຫ້ທັງໝົດຈັກທຶນ?')).toEqual(['count']);
    // Burmese ဘယ်နှစ် is "how many"; its နှစ် alone is "year": people are counted, years are a duration.
    expect(await detailsOf('သင်တန်းမှာ မြန်မာ ဘယ်နှစ်ယောက် တက်ခွင့်ရလဲ')).toEqual(['count']);
    expect(await detailsOf('ဘယ်နှစ်နှစ် ကြာလဲ')).toEqual(['duration']);
    expect(await detailsOf('how many projects will be funded this year?')).toEqual(['count']);
    expect(await detailsOf('khóa học kéo dài bao nhiêu ngày?')).toEqual(['duration']);
    expect(await detailsOf('ใช้เวลากี่วัน')).toEqual(['duration']);
    // The unit must stand by the count cue: a week named elsewhere in the question is no length asked.
    expect(await detailsOf('how many people can join the workshop week in Nanning?')).toEqual(['count']);
    expect(await detailsOf('how many weeks is the workshop?')).toEqual(['duration']);
    expect(await detailsOf('ពិធីបើក ឆ្នាំច្នៃប្រឌិត មានអ្នកចូលរួមប៉ុន្មាននាក់?')).toEqual(['count']);
  });

  it('answers who won only from a sentence that says someone won', async () => {
    const answer = await answers.ask({ question: 'Who was the winner of the competition?' });
    expect(answer.found).toBe(false);
  });

  it('reads "to whom" as a who question, and a role such as the applicant as an answer to it', async () => {
    const typesOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon).answerTypes;
    for (const question of ['nhận tiền rồi thì tiền trả cho ai?', 'the money is paid to whom?', 'dananya dibayar kepada siapa?', '钱付给谁？']) expect(await typesOf(question)).toContain('who');
    expect(hasCandidate('who', 'Intellectual property created during the project belongs to the Applicant.', lexicon)).toBe(true);
  });

  it('reads e-mail or post as the way to send something, not as a contact asked for', async () => {
    const typesOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon).answerTypes;
    expect(await typesOf('boleh hantar dokumen guna e-mel ke atau kena pos?')).toEqual(['procedure']);
    expect(await typesOf('can I send the application by email?')).toContain('procedure');
    expect(await typesOf('can I send the application by email?')).not.toContain('contact');
    expect(await typesOf('what is the email of the secretariat?')).toContain('contact');
  });

  it('reads a phone number asked with the generic how-much word as contact details, not a count', async () => {
    for (const q of ['liên hệ ai, sđt bao nhiêu?', '联系电话是多少？', 'nomor hp berapa?', 'เบอร์โทรเท่าไหร่คะ', 'ເບີໂທເທົ່າໃດ?', 'លេខទូរស័ព្ទប៉ុន្មាន?']) {
      expect({ q, details: await detailsOf(q) }).toEqual({ q, details: ['contact'] });
    }
    expect(await detailsOf('bao nhiêu dự án được chọn?')).toEqual(['count']);
  });

  it('reads "how often" as a frequency in every language, before the duration or count words inside it', async () => {
    for (const q of ['how often is the forum held?', '论坛多久举办一次？', '聯委會多久開一次會', 'ฟอรั่มจัดปีละกี่ครั้ง', 'hội nghị bao lâu tổ chức một lần?', 'forum ini diadakan berapa kali setahun?', 'berapa kerap mesyuarat diadakan?', 'វេទិកានេះប្រារព្ធប៉ុន្មានដងក្នុងមួយឆ្នាំ?', 'ກອງປະຊຸມຈັດເລື້ອຍປານໃດ', 'ဖိုရမ်ကို တစ်နှစ်ဘယ်နှစ်ကြိမ် ကျင်းပသလဲ', 'gaano kadalas ginaganap ang forum?', 'மன்றம் ஆண்டுக்கு எத்தனை முறை நடைபெறும்?', 'com que frequência o fórum é realizado?', 'forum ne’e halo dala hira iha tinan ida?']) {
      expect(await detailsOf(q), q).toEqual(['frequency']);
    }
    expect(await detailsOf('how long does the forum last?')).toEqual(['duration']);
    // (In these documents 'how long is the …' asks about a course, a stay or a programme: a duration.)
    expect(await detailsOf('how long is the course?')).toEqual(['duration']);
    expect(await detailsOf('hội nghị kéo dài bao lâu?')).toEqual(['duration']);
    expect(await detailsOf('how many times has the forum been held?')).toEqual(['count']);
  });

  it('reads a score as a number asked for, and a share asked with a money word as a share', async () => {
    expect(await detailsOf('what IELTS score do I need to get in?')).toEqual(['count']);
    expect(await detailsOf('tiếng Anh cần bao nhiêu điểm?')).toEqual(['count']);
    expect(await detailsOf('项目经费里管理费最多能占多少比例？')).toEqual(['percentage']);
  });

  it('leaves out of retrieval the lexicon requests the cue words rule out', async () => {
    const analysis = (q: string) => loadCues().then((cues) => analyzeQuestion(analyzeQuery(q, lexicon, null), cues, lexicon));
    const concepts = (await analysis('liên hệ ai, sđt bao nhiêu?')).concepts;
    expect(concepts).not.toContain('intent.count');
    expect((await analysis('bao nhiêu dự án được chọn?')).concepts).toContain('intent.count');
  });

  it('keeps a visa or a language requirement in the focus: the answer must speak of it, not only of money', async () => {
    const withVisa = new Lexicon([{ id: 'intent.visa', terms: { en: ['visa'], id: ['visa'] } }, { id: 'intent.funding', terms: { en: ['pay', 'fee*'] } }]);
    const focus = async (q: string) => analyzeQuestion(analyzeQuery(q, withVisa, null), await loadCues(), withVisa).focus.concepts;
    expect(await focus('does the programme pay the visa fee?')).toContain('intent.visa');
    expect(await focus('does the programme pay the visa fee?')).not.toContain('intent.funding');
  });
});

describe('an acronym the documents never mention', () => {
  const lexicon = new Lexicon([{ id: 'org.sme', terms: { en: ['SME', 'SMEs'], id: ['UKM'] } }]);
  const words = new Map([['castec', 3], ['asean', 9]]);
  const stats = { docCount: 10, termCount: () => 0, documentFrequency: (field: string, term: string) => (field === 'body' ? (words.get(term) ?? 0) : 0) };

  it('is named in capitals, has three letters or more, and is neither in the corpus nor in the lexicon', async () => {
    const { absentAcronym } = await import('../../src/answer/service.js');
    expect(absentAcronym('what IELTS score do I need for the CASTEC course?', stats, lexicon)).toBe(true);
    expect(absentAcronym('Perlu sertifikat HSK 4 gak untuk program ini?', stats, lexicon)).toBe(true);
    // Written against the words of an unspaced script.
    expect(absentAcronym('暑期学校结业可以拿几个ECTS学分？', stats, lexicon)).toBe(true);
    expect(absentAcronym('CASTEC培训什么时候开始？', stats, lexicon)).toBe(false);
    // Known to the corpus or the lexicon, lower case, or a two-letter country short form: not absent.
    expect(absentAcronym('when does the CASTEC course start?', stats, lexicon)).toBe(false);
    expect(absentAcronym('UKM dari Indonesia bisa ikut?', stats, lexicon)).toBe(false);
    expect(absentAcronym('what ielts score do I need?', stats, lexicon)).toBe(false);
    expect(absentAcronym('công ty VN nhận voucher từ TQ?', stats, lexicon)).toBe(false);
  });
});

describe('a focus word the passages read do not show', () => {
  it('counts, at half weight, as a part they lack when the corpus uses the word elsewhere; it is ignored when the corpus never does', async () => {
    const { detailReader } = await import('../../src/answer/reading.js');
    const retriever = new FakeRetriever(PASSAGES, lexicon, rank);
    const chunk = retriever.chunks.find((c) => c.text.includes('Vientiane'))!;
    const analysis = analyzeQuestion(analyzeQuery('When did the technicians in Vientiane graduate?', lexicon), await loadCues(), lexicon);
    const passages = [{ rank: 1, chunk, title: 'Report', score: 1 }];
    const read = (known?: (t: string) => boolean) => detailReader(analysis, passages, { lexicon, weight: () => 1, ...(known ? { known } : {}) }).read(['date']);
    const unknown = read(() => false);
    const used = read((t) => t === 'graduat' || t === 'graduate');
    expect(unknown).not.toBeNull();
    expect(read()?.focusShare).toBe(unknown!.focusShare);
    expect(used!.focusShare).toBeLessThan(unknown!.focusShare);
    // At half weight: with the other parts of weight 1, one unshown word of weight 0.5 out of n + 0.5.
    expect(used!.focusShare).toBeCloseTo((unknown!.focusShare * analysis.focus.concepts.length) / (analysis.focus.concepts.length + 0.5), 5);
  });
});

describe('a place the question names for a quantity', () => {
  it('is answered by a sentence that names no place when its document opens with that place, and not when the document names another', async () => {
    const { detailReader } = await import('../../src/answer/reading.js');
    const retriever = new FakeRetriever([{ text: 'Each course takes 30 participants.', section: ['Seats'], doc: 'guide' }], lexicon, rank);
    const chunk = retriever.chunks[0]!;
    const analysis = analyzeQuestion(analyzeQuery('how many participants does the training in Nanning take?', lexicon), await loadCues(), lexicon);
    const passages = [{ rank: 1, chunk, title: 'Guide', score: 1 }];
    const read = (opening: string) => detailReader(analysis, passages, { lexicon, weight: () => 1, introOf: () => opening }).read(['count']);
    expect(read('Training course for young technicians, held in Nanning in 2027.')?.quote.text).toBe('Each course takes 30 participants.');
    expect(read('Training course for young technicians, held in Vientiane in 2027.')).toBeNull();
  });
});

describe('a time of day asked for', () => {
  it('is stated only by a sentence that gives a time, not by one that gives only the date ("what time does the final start?")', async () => {
    const make = (texts: string[]) => serviceOver(texts.map((text) => ({ text, section: ['Schedule'], doc: 'challenge' })));
    const dateOnly = await make(['The grand final of the challenge is held in Surabaya on 25–26 August 2027.']);
    for (const question of ['what time does the grand final of the challenge start?', 'grand final challenge jam berapa mulai?']) {
      expect(await dateOnly.ask({ question }), question).toMatchObject({ found: false });
    }
    // Asked for the day, the same sentence answers.
    expect(await dateOnly.ask({ question: 'when is the grand final of the challenge?' })).toMatchObject({ found: true });
    const timed = await make(['The grand final of the challenge opens in Surabaya on 25 August 2027 at 09:00.']);
    const answer = await timed.ask({ question: 'what time does the grand final of the challenge start?' });
    expect(answer).toMatchObject({ found: true });
    expect(answer.citations[0]?.quote).toContain('09:00');
  });

  it('reads a percent sign asked about as a percentage asked for ("what %?", "berapa %")', async () => {
    const typesOf = async (question: string) => analyzeQuestion(analyzeQuery(question, lexicon, null), await loadCues(), lexicon).details;
    expect(await typesOf('does the camp take equity in the teams? what % ?')).toEqual(['percentage']);
    expect(await typesOf('biaya perjalanan maksimal berapa % dari hibah?')).toEqual(['percentage']);
  });
});

describe('a name asked for with "who"', () => {
  it('is stated only by a sentence that itself names part of the focus, not by one under a heading about it', async () => {
    const make = (text: string) => serviceOver([{ text, section: ['Evaluation panel'], doc: 'voucher' }]);
    const question = 'who are the members of the evaluation panel?';
    const underHeading = await (await make('The Secretariat checks every application for completeness within 10 working days.')).ask({ question });
    expect(underHeading).toMatchObject({ found: false, kind: 'not-found' });
    const named = await (await make('The evaluation panel is made up of experts from the Ministry of Science and Technology.')).ask({ question });
    expect(named).toMatchObject({ found: true });
    expect(named.citations[0]?.quote).toContain('Ministry of Science and Technology');
  });
});

describe('a bound asked for', () => {
  it('is not answered by a sentence that states only the other bound', async () => {
    const { detailReader } = await import('../../src/answer/reading.js');
    const read = async (question: string, text: string) => {
      const retriever = new FakeRetriever([{ text, section: ['Grants'], doc: 'call' }], lexicon, rank);
      const analysis = analyzeQuestion(analyzeQuery(question, lexicon), await loadCues(), lexicon);
      return detailReader(analysis, [{ rank: 1, chunk: retriever.chunks[0]!, title: 'Call', score: 1 }], { lexicon, weight: () => 1 }).read(['amount']);
    };
    expect(await read('what is the minimum grant?', 'Each grant is up to USD 50,000.')).toBeNull();
    expect(await read('kinh phí tài trợ tối đa là bao nhiêu?', 'Mỗi dự án được tài trợ tối thiểu 100 triệu đồng.')).toBeNull();
    expect((await read('what is the minimum grant?', 'Each grant is at least USD 5,000.'))?.quote.text).toBe('Each grant is at least USD 5,000.');
    expect((await read('what is the maximum grant?', 'Each grant is up to USD 50,000.'))?.quote.text).toBe('Each grant is up to USD 50,000.');
  });
});

describe('the evidence of the passages read', () => {
  it('judges a passage in another script than the question on the concepts it names, not on words it cannot hold', async () => {
    const { evidenceScore } = await import('../../src/answer/evidence.js');
    const fake = new FakeRetriever(
      [
        { text: '南宁培训班申报截止日期为2027年3月31日。', section: ['申报'], doc: 'call-zh' },
        { text: 'ประกาศรับสมัครทุนวิจัย ปิดรับวันที่ 1 มีนาคม 2570 ที่กรุงเทพฯ', section: ['ประกาศ'], doc: 'notice-th' },
      ],
      lexicon,
    );
    const question = 'หลักสูตรอบรมที่หนานหนิง ปิดรับวันไหน';
    const query = analyzeQuery(question, lexicon, null);
    const passages = fake.chunks.map((chunk, i) => ({ rank: i + 1, chunk, title: chunk.docId, score: 1 / (i + 1) }));
    // The Chinese call names the training and Nanning, all of the question that can travel to Chinese text.
    expect(evidenceScore(query, passages, { lexical: fake.stats, lexicon })).toBeGreaterThan(0.99);
  });
});

describe('how to apply for a program the documents describe', () => {
  it('lists the steps of the numbered list that says how, in order, with the text under its heading, not only the step that matched best', async () => {
    const section = ['Guide to the pilot grant', '4. How to apply'];
    const answers = await serviceOver([
      { text: 'Step 2. The research office of the applying institution checks the application and confirms it in the system.', section: [...section, 'Step 2'], item: 2, doc: 'pilot', title: 'Digital health pilot grant' },
      { text: 'The pilot grant supports telemedicine platforms in ASEAN district hospitals.', section: ['Guide to the pilot grant', '1. Scope'], doc: 'pilot' },
      // A scope article that names "the application procedure" is one item of a list that does not say how.
      { text: '1.1 This guide sets out who may apply for the digital health pilot grant and the procedure to apply online.', section: ['Guide to the pilot grant', '1. Scope', '1.1'], item: 1, doc: 'pilot' },
      { text: '1.2 The grant is managed by the programme office.', section: ['Guide to the pilot grant', '1. Scope', '1.2'], item: 2, doc: 'pilot' },
      { text: 'Applications are submitted online through the grant portal; paper copies follow by post.', section, doc: 'pilot' },
      { text: 'Step 1. Register the institution on the grant portal and fill in the application online.', section: [...section, 'Step 1'], item: 1, doc: 'pilot' },
      { text: 'Step 3. Submit three signed paper copies by post before 5 December 2026.', section: [...section, 'Step 3'], item: 3, doc: 'pilot' },
    ]);
    const answer = await answers.ask({ question: 'how do I apply for the digital health pilot grant? step by step pls' });
    expect(answer.found).toBe(true);
    const quotes = answer.citations.map((c) => c.quote);
    expect(quotes.findIndex((q) => q.startsWith('Step 1'))).toBeGreaterThanOrEqual(0);
    // The text under the heading, then the steps in document order.
    expect(quotes.filter((q) => /^(Applications|Step)/u.test(q))).toEqual([
      'Applications are submitted online through the grant portal; paper copies follow by post.',
      'Step 1. Register the institution on the grant portal and fill in the application online.',
      'Step 2. The research office of the applying institution checks the application and confirms it in the system.',
      'Step 3. Submit three signed paper copies by post before 5 December 2026.',
    ]);
    expect(answer.text.match(/Here is what the documents say/gu)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('the text of an article asked for', () => {
  it('quotes an article whose passage is its heading alone with the clauses under it, in order', async () => {
    const article = ['Pedoman kompetisi', 'BAB III PERSYARATAN', 'Pasal 4'];
    const answers = await serviceOver([
      { text: 'Pasal 4', section: article, item: 4, doc: 'pedoman', title: 'Pedoman kompetisi kota cerdas' },
      { text: '(1) Peserta mendaftar dalam bentuk Tim yang beranggotakan 3 sampai 5 orang.', section: [...article, '(1) Peserta…'], item: 1, doc: 'pedoman' },
      { text: '(2) Ketua Tim wajib warga negara Indonesia.', section: [...article, '(2) Ketua Tim…'], item: 2, doc: 'pedoman' },
      { text: 'Pasal 5 Tim pemenang tahun lalu tidak boleh ikut dengan solusi yang sama.', section: ['Pedoman kompetisi', 'BAB III PERSYARATAN', 'Pasal 5'], item: 5, doc: 'pedoman' },
    ]);
    const answer = await answers.ask({ question: 'cho mình xin nguyên văn Pasal 4 của pedoman' });
    expect(answer.kind).toBe('quote');
    expect(answer.citations.map((c) => c.quote)).toEqual(['Pasal 4', '(1) Peserta mendaftar dalam bentuk Tim yang beranggotakan 3 sampai 5 orang.', '(2) Ketua Tim wajib warga negara Indonesia.']);
  });
});

describe('a count of people asked for', () => {
  it('is a number followed by a word for people, in every script, and not an amount per person', () => {
    for (const text of ['A total of 24 places are available, with no more than three participants from any one country.', 'รับผู้เข้าอบรมทั้งสิ้น 32 คน', '招收学员24名', 'Khóa học tuyển 20 người.', 'Dewan juri terdiri atas 7 (tujuh) orang.', 'Course: IP management; Dates: 18–29 October; Places: 30', 'Cada equipa tem até 4 participantes.', 'វគ្គនេះទទួល 25 នាក់']) {
      expect(countsPeople(text), text).toBe(true);
    }
    for (const text of ['资助50万人民币', 'Chi phí đi lại không quá 1.500.000 đồng/người.', 'เหมาจ่ายคนละ 1,000 บาท', 'The course lasts three weeks for participants.', 'No. 88 Yuhua Road, Kunming 650500']) {
      expect(countsPeople(text), text).toBe(false);
    }
  });

  it('is not answered by a house, floor or room number, nor by a postcode', () => {
    expect(hasCandidate('count', 'Course Secretariat, Materials Institute, No. 88 Yuhua Road, Kunming 650500, Yunnan.', lexicon)).toBe(false);
    expect(hasCandidate('count', 'ศูนย์ความร่วมมือ อาคารนวัตกรรม ชั้น 5 ถนนห้วยแก้ว', lexicon)).toBe(false);
    expect(hasCandidate('count', 'Phòng 301, tầng 3, đường Lê Lợi', lexicon)).toBe(false);
    expect(hasCandidate('count', 'The course takes 30 participants in Room B.', lexicon)).toBe(true);
  });

  it('reads "how many people" for the people, not for the field that names the course, and not for an address', async () => {
    const service = await serviceOver([
      { text: 'Robotics staff of the host institute, No. 88 Lab Road, Nanning 530022, run the practical sessions of the training.', section: ['3. Staff'], doc: 'guide' },
      { text: 'Each training course admits a total of 24 participants, no more than three from any one country.', section: ['2. Places'], doc: 'guide' },
    ]);
    const a = await service.ask({ question: 'training in Nanning on robotics: how many people in total are admitted?' });
    expect(a.found).toBe(true);
    expect(a.citations[0]!.quote).toContain('24 participants');
  });
});

describe('the digits of contact details', () => {
  it('state no count, amount or measure, while a number grouped in thousands still does', () => {
    const contact = '- Bà Phạm Thị Thu Hà, Phó Trưởng phòng Hợp tác Quốc tế, điện thoại: 0236 3 812 475, di động: 0905 318 624, thư điện tử: contest@example.vn.';
    for (const type of ['count', 'amount', 'measure', 'percentage'] as const) expect(hasCandidate(type, contact, lexicon), type).toBe(false);
    expect(hasCandidate('contact', contact, lexicon)).toBe(true);
    expect(hasCandidate('count', 'The forum expects 1 500 participants.', lexicon)).toBe(true);
    expect(hasCandidate('amount', 'Mỗi đội nhận 50 000 000 đồng.', lexicon)).toBe(true);
    expect(hasCandidate('measure', 'The test field covers 25 km of road.', lexicon)).toBe(true);
  });
});

describe('a number of pages asked for', () => {
  it('is a number of pages or words, not another count', () => {
    for (const text of ['The project description is limited to 10 pages.', 'Thuyết minh không quá 12 trang khổ A4.', '项目书正文不超过3000字。', 'Statement of purpose of no more than 800 words.']) expect(countsPages(text), text).toBe(true);
    for (const text of ['The budget is divided into 3 types of grants.', 'ปีหน้า 2 โครงการ']) expect(countsPages(text), text).toBe(false);
  });

  it('answers a page limit with the sentence that states one, and declines when none does', async () => {
    const service = await serviceOver([
      { text: 'The centre funds 3 kinds of joint laboratory grants.', section: ['1. Grants'], doc: 'call' },
      { text: 'Joint laboratory proposals are limited to 15 pages, annexes excluded.', section: ['4. Proposal'], doc: 'call' },
    ]);
    const a = await service.ask({ question: 'joint lab proposal: how many pages max?' });
    expect(a.found).toBe(true);
    expect(a.citations[0]!.quote).toContain('15 pages');
    const none = await serviceOver([{ text: 'The centre funds 3 kinds of joint laboratory grants for proposals.', section: ['1. Grants'], doc: 'call' }]);
    expect((await none.ask({ question: 'joint lab proposal: how many pages max?' })).found).toBe(false);
  });
});

describe('a detail the documents say is yet to be set', () => {
  it('is declined, quoting the sentence that says so, and not answered by another date of the passage', async () => {
    const service = await serviceOver([
      { text: 'The training course runs in Nanning from 16 to 20 August 2027. Each course ends with a closing forum for all participants. The date of the closing forum will be announced later.', section: ['Schedule'], doc: 'guide' },
    ]);
    const a = await service.ask({ question: 'when is the closing forum of the training course?' });
    expect(a.found).toBe(false);
    expect(a.citations[0]!.quote).toBe('The date of the closing forum will be announced later.');
    const stated = await serviceOver([{ text: 'The training course runs in Nanning from 16 to 20 August 2027. The closing forum is on 20 August; its programme will be announced later.', section: ['Schedule'], doc: 'guide' }]);
    expect((await stated.ask({ question: 'when is the closing forum of the training course?' })).found).toBe(true);
  });
});

describe('a fact asked without a detail', () => {
  it('leads with the passage that names its most specific subject, not the best-ranked one about the programme', async () => {
    const service = await serviceOver([
      { text: 'The joint lab training course in Nanning brings joint laboratory staff of the region together for joint lab work.', section: ['About'], doc: 'guide' },
      { text: 'The joint lab training course in Nanning is run by the joint laboratories of the region.', section: ['Organisers'], doc: 'guide' },
      { text: 'Each technician brings safety shoes and a lab coat.', section: ['What to bring'], doc: 'guide' },
    ]);
    const a = await service.ask({ question: 'joint lab training course in Nanning: what should technicians bring?' });
    expect(a.found).toBe(true);
    expect(a.citations[0]!.quote).toBe('Each technician brings safety shoes and a lab coat.');
    // The other passages still follow it.
    expect(a.citations.length).toBeGreaterThan(1);
  });
});

describe('the length of a programme', () => {
  it('asks for a duration, not a measure', async () => {
    const analysis = analyzeQuestion(analyzeQuery('the Sanya fellowship: whats the length of type B?', lexicon), await loadCues(), lexicon);
    expect(analysis.details).toContain('duration');
    expect(analysis.details).not.toContain('measure');
    const plain = analyzeQuestion(analyzeQuery('fellowship type A vs type B, length pls', lexicon), await loadCues(), lexicon);
    expect(plain.details[0]).toBe('duration');
  });
});

describe('a month asked for', () => {
  it('is stated by a month in any written form, not by a year alone', () => {
    for (const text of ['The forum is held in late June 2027.', '论坛将于2027年6月举行。', 'Diễn đàn tổ chức vào tháng 6 năm 2027.', 'จัดในเดือนมิถุนายน 2570', 'Laporan diserahkan pada bulan ke-12.']) expect(statesMonth(text), text).toBe(true);
    for (const text of ['All 2027 fellows will be invited to an alumni forum in Nanning.', '论坛于2027年举行。']) expect(statesMonth(text), text).toBe(false);
  });

  it('is not answered by a sentence that gives only the year', async () => {
    const service = await serviceOver([{ text: 'All 2027 participants of the joint lab training will be invited to a forum in Nanning.', section: ['Alumni'], doc: 'guide' }]);
    expect((await service.ask({ question: 'the joint lab training forum in Nanning: which month is it?' })).found).toBe(false);
    const dated = await serviceOver([{ text: 'All 2027 participants of the joint lab training will be invited to a forum in Nanning in June 2028.', section: ['Alumni'], doc: 'guide' }]);
    expect((await dated.ask({ question: 'the joint lab training forum in Nanning: which month is it?' })).found).toBe(true);
  });
});
