import { toTraditionalChars } from '../core/text.js';
import { gbkBytes, gbkChar } from './gbk.js';

/** How a synthetic document is laid out (see `syntheticDocument`). */
export interface SyntheticOptions {
  /** Seed of the generator: the same seed and size give the same text. */
  seed?: number;
  /**
   * Hard-wrap the text at a fixed width with a blank line after every line, as PDF extraction leaves it
   * (paragraphs indented, spaces scattered between characters).
   */
  wrapped?: boolean;
  /**
   * With `wrapped`: leave one quotation mark of the first paragraph unclosed (an extraction defect: the closing
   * mark came out as an ASCII quote), so that the rejoining reads the rest of the document as one paragraph.
   */
  unclosedQuote?: boolean;
  /** Write the Chinese text in Traditional characters, with bracketed pinyin and shifted-GBK garbles in it. */
  traditional?: boolean;
  /** With `traditional`: how many sentences apart the garbled spans are (50). */
  garbleEvery?: number;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const TOPICS = ['农业技术', '新能源', '数字经济', '海洋科学', '公共卫生', '人才培养', '技术转移', '联合实验室', '科技园区', '遥感应用', '防灾减灾', '智慧城市'];
const PHRASES = [
  '双方将进一步加强在该领域的交流与合作', '支持高校和科研院所开展联合研究', '推动科技成果转化和产业化',
  '建立长期稳定的合作机制', '举办培训班和研讨会', '共建示范基地和创新中心', '鼓励企业参与国际合作项目',
  '完善政策沟通和信息共享渠道', '提升区域创新能力和竞争力', '促进人员往来和技术交流',
];
const LABELS = ['需求导向', '互利共赢', '开放包容', '务实高效'];
const ENGLISH_TOPICS = ['agriculture', 'renewable energy', 'public health', 'data sharing', 'marine science', 'training'];
const ENGLISH = [
  'The two sides agreed to strengthen cooperation in applied research', 'partner institutions will host joint training courses every year',
  'applications are reviewed by a panel of experts from both countries', 'funding covers equipment, travel and the costs of field work',
  'results are shared through open workshops and a common data platform', 'the secretariat publishes a progress report at the end of each phase',
];

/**
 * A deterministic document of about `chars` characters that looks like the corpus documents: mixed Chinese
 * and English paragraphs under `一、` and `（二）` headings, numbered items (`3. 标题：…`), labelled
 * principles, paragraphs long enough to be split, English lines broken inside a sentence, and optionally
 * hard-wrapped lines or Traditional text with pinyin annotations and garbled spans. For the ingestion
 * benchmark and for tests of how ingestion scales; its words are generic, never a seed document's.
 *
 * @example
 * cleanText(syntheticDocument(1_000_000, { wrapped: true }), 'zh-Hans')
 */
export function syntheticDocument(chars: number, options: SyntheticOptions = {}): string {
  let state = options.seed ?? 1;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const pick = <T>(list: T[]) => list[rand(list.length)]!;
  const sentence = () => `${pick(TOPICS)}方面，${pick(PHRASES)}，${pick(PHRASES)}。`;
  const lines: string[] = [];
  let size = 0;
  const push = (line: string) => {
    lines.push(line);
    size += line.length + 1;
    if (options.wrapped) {
      lines.push('');
      size++;
    }
  };
  // A paragraph: one line, or fixed-width lines (24 Chinese characters, 48 Latin ones) when wrapped.
  const paragraph = (text: string, latin = false) => {
    if (!options.wrapped) return push(text);
    const width = latin ? 48 : 24;
    const indented = `  ${text}`;
    for (let at = 0; at < indented.length; at += width) push(`${indented.slice(at, at + width)} `);
  };
  const chinese = (sentences: number) => {
    let p = '';
    for (let i = 0; i < sentences; i++) p += sentence();
    // PDF extraction scatters spaces between characters and numbers.
    if (options.wrapped) p = p.replace(/方面/gu, () => (rand(4) === 0 ? '方 面' : '方面'));
    return p;
  };

  push(`${pick(TOPICS)}合作计划（${2020 + rand(10)}年度）`);
  if (!options.wrapped) push('');
  paragraph(options.wrapped && options.unclosedQuote ? `本计划围绕“${pick(TOPICS)}"等方向展开。${chinese(2)}` : chinese(3));
  for (let section = 0; size < chars; section++) {
    push(`${NUMERALS[section % 10]}、${pick(TOPICS)}合作`);
    paragraph(chinese(2 + rand(4)));
    for (let sub = 0; sub < 3 && size < chars; sub++) {
      push(`（${NUMERALS[sub]}）${pick(TOPICS)}`);
      for (let item = 1; item <= 4; item++) paragraph(`${item}. ${pick(TOPICS)}：${sentence()}${sentence()}`);
      paragraph(chinese(1 + rand(3)));
      // A paragraph longer than a passage: split at sentence ends.
      paragraph(chinese(14 + rand(6)));
      push(`${pick(LABELS)}  ${sentence()}`);
      // An English heading, and English lines broken inside a sentence.
      push(`Cooperation on ${pick(ENGLISH_TOPICS)}`);
      if (options.wrapped) paragraph(`${pick(ENGLISH)}, and ${pick(ENGLISH).toLowerCase()}. ${pick(ENGLISH)}.`, true);
      else {
        push(`${pick(ENGLISH)}, and`);
        push(`${pick(ENGLISH).toLowerCase()}. ${pick(ENGLISH)}.`);
        push('');
      }
    }
  }
  let text = lines.join('\n');
  if (options.traditional) {
    let n = 0;
    text = toTraditionalChars(text)
      .replace(/[網國會]/gu, (ch) => `${ch}(${ch === '網' ? 'wǎng' : ch === '國' ? 'guó' : 'huì'})`)
      // Every 50th sentence end (garbleEvery) is followed by a garbled span (a one-byte-shifted GBK decode): of a phrase of the
      // document, which the repair may pin down, or of GB2312 characters drawn at random, which it marks.
      .replace(/。/gu, (m) => {
        if (++n % (options.garbleEvery ?? 50)) return m;
        const phrase = rand(2) ? pick(PHRASES).slice(rand(6)) : Array.from({ length: 8 }, () => gbkChar(0xb0 + rand(0x48), 0xa1 + rand(94)) ?? '中').join('');
        return `。${shiftedGbk(toTraditionalChars(phrase.slice(0, 4 + rand(6))))}，`;
      });
  }
  return text;
}

/**
 * `phrase` as a GBK decode that lost its first byte shows it: `?`, the characters of the shifted byte pairs,
 * and the orphaned last byte when it is printable ASCII ('科研合作平台' becomes '?蒲泻献髌脚_').
 */
function shiftedGbk(phrase: string): string {
  const bytes: number[] = [];
  for (const ch of phrase) {
    const b = gbkBytes(ch);
    if (!b) return phrase;
    bytes.push(...b);
  }
  let out = '?';
  for (let i = 1; i + 1 < bytes.length; i += 2) out += gbkChar(bytes[i]!, bytes[i + 1]!) ?? '?';
  const last = bytes.at(-1)!;
  return last >= 0x21 && last <= 0x7e ? out + String.fromCharCode(last) : out;
}
