import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { languageFromTag, type Language } from '../core/languages.js';
import { toSimplifiedChars, toTraditionalChars } from '../core/text.js';

/** The language found for a text, and how sure the detector is (0–1). */
export interface Detection {
  language: Language;
  confidence: number;
  /** How it was decided: by script, by words, or from the caller's hint. */
  method: 'script' | 'words' | 'hint' | 'default';
}

// Tamil is also written in Latin letters in chat ("epdi apply pannanum?"): its romanised words have a profile too.
type LatinLanguage = 'en' | 'vi' | 'id' | 'ms' | 'fil' | 'pt' | 'tet' | 'ta' | 'th' | 'km' | 'lo' | 'my';
const LATIN: LatinLanguage[] = ['en', 'vi', 'id', 'ms', 'fil', 'pt', 'tet', 'ta', 'th', 'km', 'lo', 'my'];

interface Profiles {
  languages: Record<LatinLanguage, { words: Record<string, number> }>;
}

let profiles: Map<string, Partial<Record<LatinLanguage, number>>> | undefined;

/** Word weights per Latin-script language, from latin-profiles.json (data, so it can be reviewed by speakers). */
function wordWeights(): Map<string, Partial<Record<LatinLanguage, number>>> {
  if (!profiles) {
    const path = fileURLToPath(new URL('./latin-profiles.json', import.meta.url));
    const data = JSON.parse(readFileSync(path, 'utf8')) as Profiles;
    profiles = new Map();
    for (const lang of LATIN) {
      for (const [word, weight] of Object.entries(data.languages[lang]?.words ?? {})) {
        const key = word.normalize('NFC').toLowerCase();
        const entry = profiles.get(key) ?? {};
        entry[lang] = Math.max(entry[lang] ?? 0, weight);
        profiles.set(key, entry);
      }
    }
  }
  return profiles;
}

const SCRIPTS: { language: Language; re: RegExp }[] = [
  { language: 'th', re: /[\u0e00-\u0e7f]/gu },
  { language: 'lo', re: /[\u0e80-\u0eff]/gu },
  { language: 'km', re: /[\u1780-\u17ff\u19e0-\u19ff]/gu },
  { language: 'my', re: /[\u1000-\u109f\uaa60-\uaa7f]/gu },
  { language: 'ta', re: /[\u0b80-\u0bff]/gu },
];
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
/**
 * Below this many letters of a script (vowel signs and other marks not counted) per Latin letter, the script is
 * a word quoted in a Latin-script question. Tamil chat written mostly in English words ("Remote sensing
 * fellowship-ல stipend amount எவ்வளவு?") goes down to about 0.14; a quoted item word ("ข้อ 9", "មាត្រា 4") in a
 * Latin-script sentence is 0.04–0.08.
 */
const QUOTED_SCRIPT_SHARE = 0.1;
/** English words this long or longer are content words, the kind other languages' chat borrows. */
const BORROWED_LENGTH = 5;
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;

/**
 * Detects the language of a question among the 14 supported ones. Script decides first (Thai, Lao, Khmer,
 * Burmese, Tamil, Chinese; Traditional against Simplified by the characters only one script has). Latin-script
 * text is scored against word profiles of English, Vietnamese, Indonesian, Malay, Filipino, Portuguese and
 * Tetum, with Vietnamese letters as strong evidence. The caller's hint (a platform's language code) decides
 * when the text is ambiguous: too short, no distinguishing words, or a near tie.
 *
 * @example
 * detectLanguage('Programa ne'e iha área saida deit?').language // 'tet'
 * detectLanguage('ok', 'th').language // 'th' (the hint decides)
 */
/** An item's label as documents write it: a structure word and its number. */
const ITEM_LABEL = /(?<![\p{L}\p{M}])(?:điều|khoản|điểm|chương|mục|phần|pasal|bab|bagian|perkara|bahagian|fasal|article|art\.|section|chapter|clause|artigo|capítulo|secção|seção|ข้อ|ข้อที่|หมวด|ມາດຕາ|មាត្រា|ជំពូក|ပုဒ်မ|அத்தியாயம்|பிரிவு)\s*\d+(?:\.\d+)*/giu;

export function detectLanguage(text: string, hint?: string | null): Detection {
  const hinted = languageFromTag(hint);
  const full = text.normalize('NFC').replace(/https?:\/\/\S+|<[^>]*>|@\w+/gu, ' ');
  // A document's own label for an item ("Điều 4", "ข้อ 9", "Pasal 3", "Article 2") is quoted from the document,
  // in its language, not the asker's: "Boleh bagi teks asal Điều 4 khoản 3?" is Malay.
  const unlabelled = full.replace(ITEM_LABEL, ' ');
  const clean = /\p{L}{2}/u.test(unlabelled) ? unlabelled : full;

  // A script decides when it is more than a word quoted in a Latin-script question: "o que diz o ข้อ 9 do
  // anúncio?" is Portuguese, "ทุน CASTEC ปิดรับเมื่อไหร่" is Thai.
  const latinLetters = clean.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const hanChars = clean.match(HAN) ?? [];
  let best: { language: Language; count: number } | null = null;
  for (const { language, re } of SCRIPTS) {
    const count = clean.match(re)?.length ?? 0;
    const letters = (clean.match(re) ?? []).filter((ch) => /\p{L}/u.test(ch)).length;
    // (Nor is a word quoted in a Chinese question: "泰文公告里 ข้อ 9 原文怎么写的？" is Chinese.)
    if (count >= 2 && letters >= latinLetters * QUOTED_SCRIPT_SHARE && letters >= hanChars.length && (!best || count > best.count)) best = { language, count };
  }
  if (best) return { language: best.language, confidence: 0.99, method: 'script' };

  const latinWords = clean.match(/\p{Script=Latin}{2,}/gu)?.length ?? 0;
  if (hanChars.length > 0 && (hanChars.length >= latinWords * 2 || !hasLatinEvidence(clean))) {
    return chineseScript(hanChars.join(''), hinted);
  }

  const latin = scoreLatin(clean);
  if (latin) {
    const [first, second] = latin;
    const margin = first!.score - (second?.score ?? 0);
    if (hinted && (LATIN as string[]).includes(hinted) && hinted !== first!.language) {
      const hintedScore = latin.find((s) => s.language === hinted)?.score ?? 0;
      if (first!.score - hintedScore < 1.5 || first!.score < 2) return { language: hinted, confidence: 0.6, method: 'hint' };
    }
    if (margin > 0 || !hinted) {
      return { language: first!.language, confidence: Math.min(0.99, 0.5 + margin / (2 * first!.score + 2)), method: 'words' };
    }
  }
  if (hinted) return { language: hinted, confidence: 0.5, method: 'hint' };
  if (hanChars.length > 0) return chineseScript(hanChars.join(''), null);
  return { language: 'en', confidence: 0.2, method: 'default' };
}

function chineseScript(han: string, hinted: Language | null): Detection {
  let traditional = 0;
  let simplified = 0;
  for (const ch of han) {
    if (toSimplifiedChars(ch) !== ch) traditional++;
    else if (toTraditionalChars(ch) !== ch) simplified++;
  }
  if (traditional > simplified) return { language: 'zh-Hant', confidence: 0.95, method: 'script' };
  if (simplified > traditional) return { language: 'zh-Hans', confidence: 0.95, method: 'script' };
  if (hinted === 'zh-Hant' || hinted === 'zh-Hans') return { language: hinted, confidence: 0.7, method: 'hint' };
  // Characters the same in both scripts ("早安", "好喔"): the words of Taiwan's chat ("喔", "安安") or of
  // the mainland's ("咋", "啥", "呗") say which, when present.
  const taiwan = (han.match(TAIWAN_CHAT) ?? []).length;
  const mainland = (han.match(MAINLAND_CHAT) ?? []).length;
  if (taiwan > mainland) return { language: 'zh-Hant', confidence: 0.6, method: 'words' };
  return { language: 'zh-Hans', confidence: 0.6, method: 'script' };
}

/** Chat words of Taiwan Mandarin. */
const TAIWAN_CHAT = /喔|唷|齁|欸|蛤|安安/gu;
/** Chat words of mainland Mandarin. */
const MAINLAND_CHAT = /咋|啥|呗|哈喽|木有/gu;

function tokens(text: string): string[] {
  return casedTokens(text).map((t) => t.toLowerCase());
}

function casedTokens(text: string): string[] {
  return text
    .replace(/[\u2019\u02bc`]/gu, "'")
    .split(/[^\p{L}\p{M}\d'-]+/u)
    .map((t) => t.replace(/^['-]+|['-]+$/gu, ''))
    .filter(Boolean);
}

/**
 * How much each token says about the language: words inside a capitalised name ("China-ASEAN Science and
 * Technology Partnership Program") are quoted, not the writer's own language, so they count a quarter.
 */
function tokenWeights(cased: string[]): number[] {
  const cap = cased.map((t) => /^\p{Lu}/u.test(t) || /^[A-Z0-9&-]+$/u.test(t));
  return cased.map((_, i) => {
    if (cap[i] && i > 0) return 0.25;
    if (!cap[i] && cased[i]!.length <= 3 && cap[i - 1] && cap[i + 1] && i > 1) return 0.25;
    return 1;
  });
}

function hasLatinEvidence(text: string): boolean {
  const weights = wordWeights();
  return tokens(text).some((t) => weights.has(t));
}

/** Latin-language scores, best first; null when nothing in the text points to any of them. */
function scoreLatin(text: string): { language: LatinLanguage; score: number }[] | null {
  const weights = wordWeights();
  const scores: Record<LatinLanguage, number> = { en: 0, vi: 0, id: 0, ms: 0, fil: 0, pt: 0, tet: 0, ta: 0, th: 0, km: 0, lo: 0, my: 0 };
  let evidence = false;
  const cased = casedTokens(text);
  const factors = tokenWeights(cased);
  for (const [i, original] of cased.entries()) {
    const token = original.toLowerCase();
    const factor = factors[i]!;
    const candidates: string[] = [token];
    if (token.includes('-')) candidates.push(...token.split('-'));
    for (const t of candidates) {
      const w = weights.get(t);
      if (!w) continue;
      evidence = true;
      // English content words are borrowed into every language's chat ("joint initiative", "innovation
      // competition"); English function words are not: a longer English word counts half.
      for (const lang of LATIN) scores[lang] += (w[lang] ?? 0) * factor * (lang === 'en' && t.length >= BORROWED_LENGTH ? 0.5 : 1);
    }
  }
  const vietnamese = text.match(VIETNAMESE_LETTERS)?.length ?? 0;
  if (vietnamese > 0) {
    scores.vi += 2 + vietnamese;
    evidence = true;
  }
  if (/[çãõ]/iu.test(text)) {
    scores.pt += 2;
    evidence = true;
  }
  // The Filipino politeness particle ("hello po", "thank you po"): Taglish is Filipino however English its words.
  if (cased.some((t) => /^(?:po|opo)$/u.test(t))) {
    scores.fil += 2;
    evidence = true;
  }
  if (!evidence) return null;
  // Indonesian and Malay share most of their words, so each gets half its sibling's score too: against
  // English borrowings ("joint initiative", "startup") the pair counts as the language family it is.
  const id = scores.id;
  scores.id += 0.5 * scores.ms;
  scores.ms += 0.5 * id;
  return LATIN.map((language) => ({ language, score: scores[language] })).sort((a, b) => b.score - a.score);
}
