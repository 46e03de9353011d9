import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { uncoveredWords } from '../../src/cli/index-report.js';
import { loadLexicon, type Lexicon } from '../../src/retrieval/lexicon.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

describe('the words of a new document that no concept covers (npm run index)', () => {
  let lexicon: Lexicon;
  beforeAll(async () => {
    lexicon = await loadLexicon(join(CORPUS_DIR, 'lexicon'));
  });

  it('names Chinese words as a reader sees them, not the index\'s character pairs', () => {
    const words = uncoveredWords(['申请人须提交推荐信和体检报告。', '推荐信由导师签字，体检报告须在三个月内出具。'], 'zh-Hans', lexicon);
    expect(words).toEqual(expect.arrayContaining(['推荐', '报告']));
    expect(words.some((w) => w === '荐信' || w === '检报' || w === '交推')).toBe(false);
  });

  it('names Vietnamese words as pairs of syllables, and leaves out function words and words the lexicon knows', () => {
    const words = uncoveredWords(['Giấy khám sức khỏe của ứng viên.', 'Nộp giấy khám sức khỏe và hộ chiếu.'], 'vi', lexicon);
    expect(words).toContain('khám sức');
    expect(words.some((w) => w.split(' ').includes('của') || w.split(' ').includes('và'))).toBe(false);
    // A word the lexicon already has a concept for is no candidate ("hộ chiếu", passport).
    expect(uncoveredWords(['hộ chiếu', 'hộ chiếu'], 'vi', lexicon)).toEqual([]);
  });
});
