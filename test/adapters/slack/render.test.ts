import { beforeAll, describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeMrkdwnWithin, mrkdwnLink, renderBlocks, TEXT_LIMIT } from '../../../src/adapters/slack/render.js';
import type { Answer, Citation } from '../../../src/core/types.js';
import { createI18n, type Translator } from '../../../src/i18n/i18n.js';

let i18n: Translator;
beforeAll(async () => {
  i18n = await createI18n();
});

function answer(text: string, citations: Partial<Citation>[]): Answer {
  return {
    id: 'a1', found: true, language: 'en', text, mode: 'extractive', kind: 'fact', retrieved: [], timings: { retrievalMs: 0, generationMs: 0, totalMs: 0 },
    citations: citations.map((c, i) => ({ n: i + 1, docId: 'd', title: 't', section: '', quote: 'q', chunkId: `d#${i}`, start: 0, end: 1, ...c })),
  };
}

/** Every mrkdwn string of a rendering: the text fallback, section texts and context elements. */
function mrkdwnTexts(rendered: ReturnType<typeof renderBlocks>): string[] {
  const out = [rendered.text];
  for (const block of rendered.blocks as { type: string; text?: { type: string; text: string }; elements?: { type: string; text?: string }[] }[]) {
    if (block.text?.type === 'mrkdwn') out.push(block.text.text);
    for (const e of block.elements ?? []) if (e.type === 'mrkdwn' && e.text) out.push(e.text);
  }
  return out;
}

describe('Slack mrkdwn rendering', () => {
  it('escapes &, < and > everywhere: a passage or a title can neither ping nor disguise a link', () => {
    const rendered = renderBlocks(
      answer('The form: <http://evil.example|official form> — ask <!channel> or <@U123> & <!here> [1]', [
        { title: 'Guide <@U123> & <!subteam^S1>', section: 'Part 1 > <http://evil.example|Annex>', url: 'https://assistant.example.org/documents/d/passages/h?x=1&y=<2>|3' },
      ]),
      i18n,
    );
    const texts = mrkdwnTexts(rendered);
    expect(rendered.text).toBe(escapeMrkdwn('The form: <http://evil.example|official form> — ask <!channel> or <@U123> & <!here> [1]'));
    const link = '<https://assistant.example.org/documents/d/passages/h?x=1&amp;y=&lt;2&gt;%7C3|[1] Guide &lt;@U123&gt; &amp; &lt;!subteam^S1&gt;>';
    expect(texts).toContain(`${link} — Part 1 &gt; &lt;http://evil.example|Annex&gt;`);
    for (const text of texts) {
      const rest = text.split(link).join('');
      expect(rest).not.toMatch(/[<>]/u);
      expect(rest.replace(/&(amp|lt|gt);/gu, '')).not.toContain('&');
    }
    for (const block of rendered.blocks as { type: string; text?: { verbatim?: boolean }; elements?: { type: string; verbatim?: boolean }[] }[]) {
      if (block.type === 'context') for (const e of block.elements!) expect(e.verbatim).toBe(true);
    }
  });

  it('cuts the text fallback to its limit without splitting an entity', () => {
    const rendered = renderBlocks(answer(`${'a'.repeat(TEXT_LIMIT - 2)}&&&`, []), i18n);
    expect(rendered.text).toBe(`${'a'.repeat(TEXT_LIMIT - 2)}`);
    expect(escapeMrkdwnWithin('x<y', 5)).toBe('x&lt;');
    expect(escapeMrkdwnWithin('x<y', 4)).toBe('x');
    expect(escapeMrkdwnWithin('😀<', 2)).toBe('😀');
  });

  it('keeps a link whole: its label shows | as ¦ and is cut before the link is closed', () => {
    expect(mrkdwnLink('https://x.example/a|b', 'one | two')).toBe('<https://x.example/a%7Cb|one ¦ two>');
    const long = mrkdwnLink('https://x.example/', '&'.repeat(1000));
    expect(long.endsWith('&amp;>')).toBe(true);
    expect(long.length).toBeLessThan(700);
  });
});
