import { fileURLToPath } from 'node:url';
import { LEXICON_REQUEST, Lexicon, loadLexicon, normalizeForLexicon } from '../retrieval/lexicon.js';
import words from './candidates.json' with { type: 'json' };
import filler from './filler.json' with { type: 'json' };
import type { AnalyzedQuery } from '../retrieval/query.js';
import { analyze } from '../retrieval/analyzer.js';
import { listed, withoutListed } from './reading.js';

/**
 * What kind of answer a question expects. The first group are details: a question of that kind is answered
 * only by a sentence that holds a candidate of the kind (a number, an amount, a date, a name…), so that a
 * passage about the topic that lacks the detail is not presented as the answer.
 */
export const DETAIL_TYPES = ['count', 'amount', 'date', 'deadline', 'duration', 'frequency', 'age', 'person', 'who', 'place', 'percentage', 'measure', 'contact', 'requirement'] as const;
export type DetailType = (typeof DETAIL_TYPES)[number];
export type AnswerType = DetailType | 'list' | 'procedure' | 'yesno' | 'purpose' | 'reason';

/** Small talk a message can be instead of a question. */
export type Talk = 'greeting' | 'thanks' | 'bye' | 'identity' | 'help' | 'ack';

/**
 * A question analysed once, for retrieval and answering alike: its language, words, concepts and item
 * number (from retrieval's `AnalyzedQuery`), plus the kinds of answer it expects, whether it is small talk or
 * off-topic, and its focus (what it is about, with the request words taken out).
 */
export interface QueryAnalysis extends AnalyzedQuery {
  /** Kinds of answer the question's cue words ask for, in order of precedence. */
  answerTypes: AnswerType[];
  /** The detail the answer must hold (the first detail type), else null. */
  detail: DetailType | null;
  /** Every detail the question asks for ("when and where": a date and a place), most specific first. */
  details: DetailType[];
  /** Small talk with no question about the programs in it, else null. */
  talk: Talk | null;
  /** A question about something outside the programs (weather, sport, prices, the present day). */
  offTopic: boolean;
  /** What the question is about: its subject concepts and its content words. */
  focus: { concepts: string[]; tokens: string[] };
  /** The focus concepts that name the subject itself, without places and generic facts ("joint laboratories", not "China"). */
  subjects: string[];
  /**
   * Focus concepts named only by the words that say what kind of answer is wanted: "age limit" in "is there an
   * age limit?" names the eligibility concept of age, but the question is about something else's age.
   */
  kindConcepts: string[];
  /**
   * Concepts named only inside a longer phrase of a request ("hồ sơ", the dossier, in "nộp hồ sơ", to apply): the
   * documents' silence about them says nothing about the question (not places, not units).
   */
  requestConcepts?: string[];
  /**
   * For a count, what is counted: the focus concepts named nearest the count words ("how many participants
   * does the forum expect?" counts participants, not forums). Empty when no count is asked or none is near.
   */
  counted: string[];
  /**
   * For a count, whether the question counts people ("กี่คน", "多少人", "how many people", "bao nhiêu người"): it is
   * answered by a number of people ("24 participants", "32 คน"), whatever focus concept its words stand nearest.
   */
  countsPeople?: boolean;
  /**
   * For a count, whether the one count asked is of pages or words ("page limit", "mấy trang", "กี่หน้า", "几页"): it
   * is answered by a number of pages ("no more than 10 pages"), and by nothing else (not an amount of the grant).
   */
  countsPages?: boolean;
}

/** Concepts of the corpus lexicon that say what kind of answer is wanted (defined with the lexicon). */
export { LEXICON_REQUEST };

/**
 * Lexicon requests that are also subjects: a visa, a language requirement. (Tried on the development sets:
 * these two declined one more near miss and lost nothing; adding forms and eligibility lost an answer,
 * funding five near misses.)
 */
const TOPIC_REQUESTS = new Set(['intent.visa', 'intent.language']);
/** The corpus lexicon's general request concepts, read as answer types too. */
const LEXICON_TYPES: Record<string, AnswerType> = {
  'intent.count': 'count', 'intent.time': 'date', 'intent.place': 'place', 'intent.who': 'who', 'intent.deadline': 'deadline',
  'intent.funding': 'amount', 'intent.contact': 'contact', 'intent.eligibility': 'requirement', 'intent.duration': 'duration',
  'intent.list': 'list', 'intent.apply': 'procedure', 'intent.form': 'procedure',
};
/** The kind of answer the lexicon's count and date requests stand for (the ones a generic how-much or when word names). */
const REQUEST_KINDS: Record<string, AnswerType> = { 'intent.count': 'count', 'topic.item_count': 'count', 'topic.people_count': 'count', 'intent.time': 'date', 'topic.year': 'date', 'topic.date': 'date' };
/** Precedence: the most specific detail first ("when is the deadline" is a deadline, "how much funding" an amount). */
const PRECEDENCE: AnswerType[] = ['deadline', 'amount', 'percentage', 'age', 'frequency', 'duration', 'measure', 'contact', 'count', 'date', 'person', 'who', 'place', 'requirement', 'reason', 'procedure', 'list', 'purpose', 'yesno'];

/** Chat filler (polite particles, pronouns, request words) as analyser tokens: never part of a focus (filler.json). */
export const FILLER = new Set(Object.entries(filler).filter(([k]) => k !== 'about').flatMap(([, words]) => (words as string[]).flatMap((w) => analyze(w))));

let units: Lexicon | undefined;
/** The units of time of candidates.json, as a matcher. */
function timeUnits(): Lexicon {
  const list = (words.timeUnits as string[]).filter((u) => [...u].length > 1 || !/[\u4e00-\u9fff]/u.test(u));
  units ??= new Lexicon([{ id: 'unit', terms: { zh: list.filter((u) => /[\u4e00-\u9fff]/u.test(u)).concat(['几天', '几个月', '几年', '多少天', '多少年', '多少个月', '几周', '几小时', '多少小时']), en: list.filter((u) => !/[\u4e00-\u9fff]/u.test(u)) } }]);
  return units;
}

/** The rate phrases and time references of candidates.json, longest first. */
const RATES = [...(words.rateWords as string[]), ...(words.timeReferences as string[])].map((w) => w.toLowerCase()).sort((a, b) => b.length - a.length);
/**
 * The text without its units of time that are rates ("per day", "รายวัน", "mỗi tháng") or say when ("this year",
 * "ປີນີ້", "năm nay"): those ask for an amount per unit or a count for that time, not a duration.
 */
function withoutRates(text: string): string {
  let out = text.toLowerCase();
  for (const r of RATES) out = out.split(r).join(' ');
  // A unit of time before or after a year names that year, not a length of time ("năm 2018", "tahun 2023",
  // "ปี 2561", "2018年", "in the year 2019").
  // (Nor is the "Nam" of a Vietnamese place name, "Việt Nam", "Đông Nam Á", "Nam Ninh", a year: the word lists
  // match with diacritics folded, and năm folds to nam.)
  return out.replace(YEAR_NAMED, ' ').replace(NAM_PLACES, ' ');
}
const NAM_PLACES = /(?:việt|viet|vân|van|hải|hai|miền|mien|đông|dong|tây|tay)\s*nam(?![\p{L}])|(?<![\p{L}])nam\s+(?:ninh|á|a|bộ|bo|phi|mỹ|my|định|dinh)(?![\p{L}])/gu;
const YEAR_NAMED = /(?:năm|nam|tahun|thn|ปี|year|ano|tinan|taon|ឆ្នាំ|ປີ|ခုနှစ်|ஆண்டு)\s*(?:(?:1[89]|20|25)\d\d)(?!\d)|(?<!\d)(?:1[89]|20|25)\d\d\s*(?:年|ခုနှစ်|ஆம் ஆண்டு)/gu;

/** The lexicon's concept of places on offer (a quota, slots, seats): a how-much word asked of it asks a count. */
const PLACES_CONCEPT = 'call.train.quota';
/** The lexicon's concept of a number of people ("how many people", "กี่คน", "多少人", "berapa orang"). */
const PEOPLE_CONCEPT = 'topic.people_count';
/** How far from the count words a word for people may stand and still say what is counted ("berapa orang", "how many people"). */
const PEOPLE_CUE_GAP = 2;
/** How far from the count words the word for pages may stand ("berapa halaman", "how many pages", "page limit for"). */
const PAGE_CUE_GAP = 12;

/** Details a question can ask for together. */
const PAIRABLE = new Set<DetailType>(['date', 'place', 'who', 'person', 'count', 'amount']);

/** The cue words (src/answer/cues/*.json, in the lexicon's format): answer types, small talk, off-topic subjects. */
export function loadCues(dir = fileURLToPath(new URL('./cues', import.meta.url))): Promise<Lexicon> {
  return loadLexicon(dir);
}

/** How far (in characters) a unit of time may stand from the count cue that asks for that many of it. */
const UNIT_REACH = 12;

/** Most words a message of small talk has besides its small-talk words ("hi there", "thanks a lot po"). */
const TALK_EXTRA_WORDS = 3;

/**
 * Completes retrieval's analysis of a question with what the answer service needs: the expected answer types
 * (from the cue words and the lexicon's request concepts), small talk, off-topic, and the focus.
 */
export function analyzeQuestion(query: AnalyzedQuery, cues: Lexicon, lexicon?: Lexicon): QueryAnalysis {
  // A cue inside a longer cue of another kind belongs to it: "tahun berapa" asks for a year, not a count.
  const all = cues.matches(query.text);
  // Overlapping cues of different kinds: the one that starts first, then the longer, keeps the words (the same
  // words may name two kinds: "who chairs" asks for a person, and so for a who).
  const matches: typeof all = [];
  // (An off-topic subject is no kind of answer: "berapa harga Samsung" asks an amount of an off-topic subject, and
  // both cues stand.)
  const offSubject = (c: string) => c.startsWith('off.');
  for (const m of [...all].sort((a, b) => a.start - b.start || b.words.length - a.words.length)) {
    const same = (o: (typeof all)[number]) => o.start === m.start && o.words === m.words;
    if (!matches.some((o) => o.concept !== m.concept && offSubject(o.concept) === offSubject(m.concept) && overlap(o, m) && !same(o))) matches.push(m);
  }
  const cueConcepts = new Set(matches.map((m) => m.concept));
  // (A word for the assistant, "bot", "机器人", asks no kind of answer: it stays in the focus of a question, "which
  // robot labs…", and is small talk only beside small-talk words.)
  const cueTokens = new Set(matches.filter((m) => !m.concept.startsWith('self.')).flatMap((m) => analyze(m.words)));
  const types = new Set<AnswerType>();
  for (const c of cueConcepts) if (c.startsWith('ask.')) types.add(c.slice(4) as AnswerType);
  // The corpus lexicon's request concepts are a fallback, for cue words staff add there.
  // (Not for small talk: "bạn là ai?" is "who are you?", not a request for a who.)
  const talking = [...cueConcepts].some((c) => c.startsWith('talk.'));
  const cueTypes = types.size > 0;
  if (!types.size && !talking) for (const c of query.concepts) if (LEXICON_TYPES[c]) types.add(LEXICON_TYPES[c]);
  let answerTypes = PRECEDENCE.filter((t) => types.has(t));
  // A money word alone ("grant", "funding", "budget") often names the program asked about ("the joint research
  // grant"); without a "how much" in it, another detail asked beside it comes first ("is there an age cap for the
  // … grant?" asks for an age), and so does a procedure ("how do I apply for the scholarship?" asks how) or a
  // list ("補助哪些項目", which items the grant covers).
  // (A how-much word inside another kind's cue asks for that kind: "占多少" is a share, not an amount.)
  const howMuch = (m: (typeof matches)[number]) => m.concept === 'ask.count' || (m.concept === 'ask.amount' && cues.matches(m.words).some((x) => x.concept === 'ask.count'));
  // (A count asked with its own words, "how many places", "几个名额", "มีกี่ทุน", is such another detail; one asked
  // with a word that asks for amounts as readily, 多少, berapa, "how much", is not.)
  // (A cue that names what it counts besides its how-much word, "berapa orang", "bao nhiêu người", asks a count
  // with its own words; one that adds only a word of being, "ada berapa", "có bao nhiêu", does not.)
  const bare = (m: (typeof matches)[number]) => listed('howMuchWords', m.words) && !/\p{L}{2,}/u.test(withoutListed('existenceWords', withoutListed('howMuchWords', m.words)));
  // (A bare how-much word that is part of such words, "ada berapa" beside "berapa orang", is no second one.)
  const own = matches.filter((m) => m.concept === 'ask.count' && !bare(m));
  const countedOwn = own.length > 0 && !matches.some((m) => m.concept === 'ask.count' && bare(m) && !own.some((o) => overlap(o, m)));
  const moneyAsContext =
    types.has('amount') &&
    answerTypes.some((t) => t !== 'amount' && (t !== 'count' || countedOwn) && ((DETAIL_TYPES as readonly string[]).includes(t) || t === 'procedure' || t === 'list')) &&
    !matches.some((m) => howMuch(m) && !(countedOwn && m.concept === 'ask.count'));
  if (moneyAsContext) answerTypes = [...answerTypes.filter((t) => t !== 'amount'), 'amount'];
  // Request concepts say what kind of answer is wanted; a visa or a language requirement is also what the
  // question is about ("does the grant pay the visa fee?"), so it stays in the focus the answer must cover.
  const focusConcepts = query.concepts.filter((c) => !LEXICON_REQUEST.test(c) || TOPIC_REQUESTS.has(c));
  // (Chinese is indexed in character pairs: a pair that straddles a cue's edge, 格有 in "申請資格有哪些", 助哪 in
  // "補助哪些項目", is no word of the question; the pairs of the text left when the cue words are taken out are.)
  const left = HAN_TOKEN.test(query.text) ? leftoverTokens(query.text, matches) : null;
  const focusTokens = [...new Set(query.tokens.filter((t) => !cueTokens.has(t) && !FILLER.has(t) && !/^#?\d/u.test(t) && (!left || !HAN_TOKEN.test(t) || left.has(t))))];
  const content = focusTokens.filter((t) => !query.conceptTokens.has(t));

  const talkConcept = [...cueConcepts].find((c) => c.startsWith('talk.'));
  // Small talk: small-talk words and little else (no subject of the programs, at most a few other words).
  // What is left once the cue words are taken out: a few words, or a few characters in unspaced scripts.
  let rest = normalizeForLexicon(query.text);
  for (const m of [...matches].sort((a, b) => b.words.length - a.words.length)) rest = rest.split(m.words).join(' ');
  const restWords = rest.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
  const restChars = restWords.join('').length;
  const little = restWords.length <= TALK_EXTRA_WORDS && (restChars <= 24 || /[a-z]/u.test(rest)) && (!/[\u3400-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]/u.test(rest) || restChars <= 8);
  // Thanks, an acknowledgement or a goodbye that asks nothing ("感謝！很有幫助", "Obrigada pela ajuda!") is small
  // talk even when its words name a concept of the programs (help, assistance): no question mark, no cue of an
  // answer type, a short message.
  // (Any of the message's small-talk cues may be the thanks: "Bondia! Obrigada barak ba ajuda." greets first; a
  // question mark inside a small-talk cue, "tudo bem?", asks nothing of the documents.)
  let outsideTalk = normalizeForLexicon(query.text);
  for (const m of matches) if (m.concept.startsWith('talk.')) outsideTalk = outsideTalk.split(m.words).join(' ');
  const closing = matches.some((m) => /^talk\.(thanks|ack|bye)$/u.test(m.concept)) && !answerTypes.length && !/[?？]/u.test(outsideTalk) && (restWords.length <= TALK_EXTRA_WORDS + 1 && restChars <= 24);
  // A message that asks for a detail, a list or a procedure is a question, whatever greeting or thanks it opens
  // with ("thanks, and what is the deadline?").
  const asks = answerTypes.some((t) => (DETAIL_TYPES as readonly string[]).includes(t) || t === 'list' || t === 'procedure');
  // The corpus lexicon's matches in the question, worked out once, when a rule below needs them.
  let textMatches: ReturnType<Lexicon['matches']> | undefined;
  const mentions = () => (textMatches ??= lexicon ? lexicon.matches(query.text) : []);
  // Concepts named only by the small-talk words themselves ("你是机器人吗" names robotics) do not make it a question;
  // nor a word that names the assistant beside words about it or to it ("你好呀，你是谁，机器人吗？", "cảm ơn bot
  // nha"). (Not beside a greeting alone: "你好，机器人领域有哪些合作？" asks about robotics.)
  const aboutAssistant = matches.some((m) => /^talk\.(identity|help|thanks|bye|ack)$/u.test(m.concept));
  const talkSpans = matches.filter((m) => m.concept.startsWith('talk.') || (aboutAssistant && m.concept.startsWith('self.')));
  const spoken = talkSpans.length && lexicon
    ? focusConcepts.filter((c) => mentions().some((m) => m.concept === c && !talkSpans.some((t) => within(m, t))))
    : focusConcepts;
  // A request word of the lexicon outside the small-talk words asks too: "Obrigada! E o prazo?" asks for the
  // deadline. (Not a who: "may I ask who I am speaking with?" asks about the assistant.)
  const requested = talking && lexicon && mentions().some((m) => LEXICON_TYPES[m.concept] && m.concept !== 'intent.who' && !talkSpans.some((t) => within(m, t)));
  // (A request for help may name what the assistant is for: "is this the bot for the china-asean docs? how do i use
  // u" names places and institutions as its scope, and asks nothing of the documents.)
  const scopeOnly = talkSpans.some((m) => m.concept === 'talk.help') && spoken.every((c) => /^(?:place|inst)\./u.test(c));
  // Off-topic: a subject outside the programs, and no concept of the programs besides places (the weather in
  // Bangkok is still the weather) and generic facts.
  // A subject named only by the off-topic words themselves ("weather" is also the meteorology field) does not
  // make the question one about the programs.
  const offTokens = new Set(matches.filter((m) => m.concept.startsWith('off.')).flatMap((m) => analyze(m.words)));
  const named = (concept: string) => offTokens.size > 0 && mentions().filter((m) => m.concept === concept).some((m) => analyze(m.words).some((t) => !offTokens.has(t)));
  // Only concepts of the programs themselves (their modes, organisations, institutions, documents, events,
  // principles, people) keep such a question on topic: a field's everyday words ("coconut", "rain") do not.
  const programConcepts = focusConcepts.filter((c) => /^(mode|org|inst|doc|event|principle|person)\./u.test(c) && (!lexicon || named(c)));
  // A greeting or thanks with a remark of its own and no question ("สวัสดีค่ะ วันนี้อากาศร้อนมากเลยนะคะ 555":
  // hello, it is so hot today; "สวัสดีค่า วันนี้เหนื่อยมากเลย 555 ขอบคุณที่ช่วยนะคะ") is small talk, however long:
  // it names nothing of the programs (or only off-topic things) and asks nothing. (With a question mark it asks
  // something: "hi! will it rain today?" is off-topic.)
  // (Places tell of the asker: "Hello, I am Minh from Hanoi".)
  const remark = offTokens.size > 0 ? programConcepts.length === 0 : spoken.every((c) => c.startsWith('place.'));
  const chat = talkConcept !== undefined && /^talk\.(greeting|thanks|bye|ack)$/u.test(talkConcept) && remark && !asks && !requested && !/[?？]/u.test(outsideTalk);
  const talk = talkConcept && !asks && !requested && (((!spoken.length || scopeOnly) && (content.length <= TALK_EXTRA_WORDS || little)) || closing || chat) ? (talkConcept.slice(5) as Talk) : null;
  const offTopic = !talk && offTokens.size > 0 && programConcepts.length === 0;
  // (The money word is then the subject's name or context, not a second detail the answer must state.)
  // A bare how-much word asked of a number of places ("kuota beasiswanya brp", "奖学金名额有多少") asks how many: the
  // money word names what the places are of. (Not when a how-much word is part of the money cue itself: "berapa
  // biaya", "how much does it cost".)
  const moneyAsked = matches.some((m) => m.concept === 'ask.amount' && listed('howMuchWords', m.words));
  const countCues = matches.filter((m) => m.concept === 'ask.count');
  const placesAsked = !moneyAsked && query.concepts.includes(PLACES_CONCEPT) && types.has('count') && types.has('amount') && countCues.every(bare);
  if (placesAsked) answerTypes = [...answerTypes.filter((t) => t !== 'amount'), 'amount'];
  let details = answerTypes.filter((t): t is DetailType => (DETAIL_TYPES as readonly string[]).includes(t) && !((moneyAsContext || placesAsked) && t === 'amount'));
  // "How many hours / days / years" asks for a duration.
  // (A unit inside the count cue itself is no unit: Burmese ဘယ်နှစ် is "how many", its နှစ် also "year";
  // "ဘယ်နှစ်ယောက်" asks how many people, "ဘယ်နှစ်နှစ်" how many years.)
  let unitText = query.text.toLowerCase();
  for (const m of matches) if (m.concept === 'ask.count' && timeUnits().tag(m.words).length) unitText = unitText.split(m.words).join(' ');
  // (The unit must stand by a count cue, "how many weeks", "กี่ปี", "tinan hira": "how much is registration for
  // the workshop week?" asks for no length of time.)
  const unitSpans = timeUnits().matches(withoutRates(unitText));
  const countSpans = cues.matches(withoutRates(unitText)).filter((m) => m.concept === 'ask.count');
  const nearCount = (u: { start: number; words: string }) => !countSpans.length || countSpans.some((c) => Math.max(c.start - (u.start + u.words.length), u.start - (c.start + c.words.length)) <= UNIT_REACH);
  if (details[0] === 'count' && !details.includes('date') && unitSpans.some(nearCount)) details = ['duration', ...details.filter((d) => d !== 'count' && d !== 'duration')];
  // A bare how-much word beside another detail asks for that detail, not for a count: "dari tarikh berapa sampai
  // berapa" asks from which date to which, "几号到几号" too; a count has its own words ("how many", "几个").
  if (details.includes('count') && details.some((d) => d !== 'count') && countCues.length && countCues.every(bare)) details = details.filter((d) => d !== 'count');
  // A deadline is a date, a person is a "who": the more specific one stands for both.
  if (details.includes('deadline')) details = details.filter((d) => d !== 'date');
  if (details.includes('person')) details = details.filter((d) => d !== 'who');
  // A second detail counts only where questions really ask two things at once ("when and where", "who won and
  // how much"); a requirement word beside a deadline ("deadline for the dossier") is part of the first.
  if (details.length > 1 && PAIRABLE.has(details[0]!)) details = [details[0]!, ...details.slice(1).filter((d) => PAIRABLE.has(d))];
  else details = details.slice(0, 1);
  // The lexicon's request concepts of a kind the cue words rule out leave the question: "sđt bao nhiêu" asks for
  // a phone number, and its how-much word must not pull passages that state counts into the retrieval.
  const concepts = cueTypes ? query.concepts.filter((c) => !REQUEST_KINDS[c] || answerTypes.includes(REQUEST_KINDS[c]!)) : query.concepts;
  // A count of people is asked with a word for people beside the count words ("กี่คน", "多少人", "how many people",
  // "berapa orang"), not with one elsewhere in the question ("skor IELTS brp buat orang Kamboja").
  const countsPeople = details.includes('count') && mentions().some((m) => m.concept === PEOPLE_CONCEPT && countCues.some((c) => gapBetween(m, c) <= PEOPLE_CUE_GAP));
  // (Only when it is the one count asked: "quantas cartas … e quantas páginas" asks for letters too. Cues inside
  // a longer one, "how many" in "how many pages", are that one.)
  const ownCues = countCues.filter((c) => !countCues.some((o) => o !== c && o.words.length > c.words.length && within(c, o)));
  const countsPages = details.includes('count') && ownCues.length === 1 && listed('pageQuestions', normalizeForLexicon(query.text).slice(Math.max(0, ownCues[0]!.start - PAGE_CUE_GAP), ownCues[0]!.start + ownCues[0]!.words.length + PAGE_CUE_GAP));
  const near = details.includes('count') && lexicon ? countedConcepts(countCues, mentions(), focusConcepts) : { concepts: [], gap: Infinity };
  // (A field or technology is not what a count of people is of: in "คอร์สวัสดุขั้นสูงที่คุนหมิง รับทั้งหมดกี่คน" the
  // materials name the course, and the people are counted; an interview round, a team, a forum can be.)
  const counted = countsPeople ? near.concepts.filter((c) => !/^(?:field|tech)\./u.test(c)) : near.concepts;
  const typeSpans = matches.filter((m) => m.concept.startsWith('ask.'));
  const inTypeWords = (c: string) => {
    const own = typeSpans.length ? mentions().filter((m) => m.concept === c) : [];
    return own.length > 0 && own.every((m) => typeSpans.some((t) => within(m, t)));
  };
  const kindConcepts = focusConcepts.filter(inTypeWords);
  // A concept named only inside a longer phrase of a request ("nộp hồ sơ", to apply, holds "hồ sơ", the dossier;
  // "hạn nộp hồ sơ" is the deadline) is part of that request: the question asks how or when to apply, and a corpus
  // that never names a dossier can still answer it (see requestConcepts).
  const inRequest = (c: string) => {
    // (Not a place or a unit, whose words ask in which language or currency: "ภาษาจีน", "berapa ringgit".)
    if (!lexicon || LEXICON_REQUEST.test(c) || c.startsWith('place.') || lexicon.get(c)?.unit === true) return false;
    const own = mentions().filter((m) => m.concept === c);
    return own.length > 0 && own.every((m) => mentions().some((o) => LEXICON_REQUEST.test(o.concept) && o.words.length > m.words.length && o.start <= m.start && o.start + o.words.length >= m.start + m.words.length));
  };
  const requestConcepts = query.concepts.filter(inRequest);
  return { ...query, concepts, answerTypes, detail: details[0] ?? null, details, talk, offTopic, focus: { concepts: focusConcepts, tokens: focusTokens }, subjects: focusConcepts.filter((c) => !/^(place|topic)\./u.test(c)), kindConcepts, requestConcepts, counted, countsPeople, countsPages };
}

/** Whether two spans of the question share a character. */
function overlap(a: { start: number; words: string }, b: { start: number; words: string }): boolean {
  return a.start < b.start + b.words.length && b.start < a.start + a.words.length;
}

/** Whether span `m` of a text lies inside span `t` of it. */
function within(m: { start: number; words: string }, t: { start: number; words: string }): boolean {
  return t.start <= m.start && m.start + m.words.length <= t.start + t.words.length;
}

const HAN_TOKEN = /\p{Script=Han}/u;

/** The index tokens of a question's text with the words of `spans` (cue matches, in normalised text) blanked out. */
function leftoverTokens(text: string, spans: readonly { start: number; words: string }[]): Set<string> {
  // (Offsets are in UTF-16 units of the normalised text.)
  const units = normalizeForLexicon(text).split('');
  for (const m of spans) for (let i = m.start; i < m.start + m.words.length && i < units.length; i++) units[i] = ' ';
  return new Set(analyze(units.join('')));
}

/** The focus concepts (not places) whose words in the question (`mentions`) lie nearest a count cue, before or after it. */
function countedConcepts(countCues: { start: number; words: string }[], mentions: { concept: string; start: number; words: string }[], focus: string[]): { concepts: string[]; gap: number } {
  if (!countCues.length) return { concepts: [], gap: Infinity };
  const spans = mentions.filter((m) => focus.includes(m.concept) && !m.concept.startsWith('place.'));
  let best = Infinity;
  let out: string[] = [];
  for (const m of spans) {
    const gap = Math.min(...countCues.map((c) => gapBetween(m, c)));
    if (gap < best) [best, out] = [gap, [m.concept]];
    else if (gap === best && !out.includes(m.concept)) out.push(m.concept);
  }
  return { concepts: out, gap: best };
}

/** The characters between two spans of the question (0 when they touch or overlap). */
function gapBetween(a: { start: number; words: string }, b: { start: number; words: string }): number {
  return Math.max(b.start - (a.start + a.words.length), a.start - (b.start + b.words.length), 0);
}
