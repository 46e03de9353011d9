import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/ingest/clean.js';
import { chunkDocument } from '../../src/ingest/chunk.js';
import { decodeText, htmlToText, loadFile } from '../../src/ingest/loaders.js';

const dir = join(import.meta.dirname, '../fixtures/documents');

describe('document loaders', () => {
  it('reads DOCX paragraphs (mammoth)', async () => {
    const { text, format } = await loadFile(join(dir, 'memo.docx'), 'memo.docx');
    expect(format).toBe('docx');
    expect(text.split('\n').filter(Boolean)).toEqual(['中国—东盟海洋科技合作备忘录', '一、合作领域', '双方同意在海洋观测、海洋预报和海洋生态保护领域开展联合研究。']);
    const chunks = chunkDocument('memo', cleanText(text, 'zh-Hans').text, []);
    expect(chunks[0]?.sectionPath).toEqual(['一、合作领域']);
  });

  it('reads PDF text (unpdf)', async () => {
    const { text, format } = await loadFile(join(dir, 'marine.pdf'), 'marine.pdf');
    expect(format).toBe('pdf');
    expect(text).toContain('China-ASEAN Marine Science Cooperation');
    expect(text).toContain('Joint ocean observation stations will be built in 2026.');
  });

  it('reads HTML as text: title and headings as # lines, blocks as lines, scripts, styles and comments dropped, entities decoded', async () => {
    const { text } = await loadFile(join(dir, 'notice.html'), 'notice.html');
    const lines = text.split('\n');
    expect(lines[0]).toBe('# 东盟科技论坛通知');
    expect(text).toContain('论坛将于 2026年5月在南宁举行，主题为“数字合作”。');
    expect(lines.map((l) => l.replace(/^(#+|•) /u, ''))).toContain('议题一：人工智能');
    expect(text).not.toMatch(/not text|color:red|comment|<p>/u);
    const cleaned = cleanText(text, 'zh-Hans');
    expect(cleaned.text).not.toContain('首页 > 通知');
    expect(htmlToText('<p>a&amp;b &#x4E2D;&#22269;</p>')).toBe('a&b 中国');
  });

  it('reads GB18030 text, and refuses binary, empty and unsupported files with clear errors', async () => {
    const { text } = await loadFile(join(dir, 'gbk-notice.txt'), 'gbk-notice.txt');
    expect(text).toContain('中国—东盟技术转移中心通知');
    expect(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'x.txt')).toThrow(/binary/u);
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x2d, 0x4e]))).toBe('中');
    await expect(loadFile(join(dir, 'marine.pdf'), 'marine.xlsx')).rejects.toThrow(/unsupported file type/u);
  });
});
