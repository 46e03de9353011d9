import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';

/**
 * Markup turned into the plain text the chunker reads: headings as `#`-prefixed lines (their level kept), list
 * items as `• ` lines, and every table row as one line that names its columns ("Course: 3; City: Hanoi;
 * Deadline: 15 May 2027"), so that a row is a quotable fact with its header. Emphasis and link syntax are
 * dropped (a link keeps its text, and its address when it differs).
 */

/** A table as rows of cells; the first row is the header. */
export function tableLines(rows: string[][]): string[] {
  const [header, ...body] = rows.filter((r) => r.some((c) => c.trim()));
  if (!header) return [];
  if (!body.length) return [header.join('; ')];
  return body.map((row) => row.map((cell, i) => (header[i]?.trim() && cell.trim() ? `${header[i]!.trim()}: ${cell.trim()}` : cell.trim())).filter(Boolean).join('; ') + '.');
}

const inlineMarkdown = (text: string) =>
  text
    .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/gu, (_m, label: string, url: string) => (label.trim() === url ? url : `${label} (${url})`))
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gu, '$2')
    .replace(/(?<![\p{L}\d])([*_])(?=\S)(.+?)(?<=\S)\1(?![\p{L}\d])/gu, '$2')
    .replace(/`([^`]+)`/gu, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/gu, '$1');

/** Markdown to structured plain text (see above). */
export function markdownToText(md: string): string {
  const out: string[] = [];
  const lines = md.replace(/\r\n?/gu, '\n').split('\n');
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/u.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(line);
      continue;
    }
    // A table: a row of cells, a separator row, then body rows.
    if (/^\s*\|.*\|\s*$/u.test(line) && /^\s*\|?\s*:?-{2,}/u.test(lines[i + 1] ?? '')) {
      const rows: string[][] = [];
      const cells = (l: string) => l.trim().replace(/^\||\|$/gu, '').split(/(?<!\\)\|/u).map((c) => inlineMarkdown(c.trim()));
      rows.push(cells(line));
      i += 2;
      while (i < lines.length && /^\s*\|.*\|\s*$/u.test(lines[i]!)) rows.push(cells(lines[i++]!));
      i--;
      out.push(...tableLines(rows));
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/u.exec(line);
    if (heading) {
      out.push(`${heading[1]} ${inlineMarkdown(heading[2]!)}`);
      continue;
    }
    // Setext headings: a line underlined with === or ---.
    if (line.trim() && /^\s*(=+|-+)\s*$/u.test(lines[i + 1] ?? '') && !/^\s*[-*+]\s/u.test(line)) {
      out.push(`${/=/u.test(lines[i + 1]!) ? '#' : '##'} ${inlineMarkdown(line.trim())}`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/u.test(line)) continue;
    const bullet = /^\s*[-*+•]\s+(.*)$/u.exec(line);
    if (bullet) {
      out.push(`• ${inlineMarkdown(bullet[1]!)}`);
      continue;
    }
    out.push(inlineMarkdown(line.replace(/^\s*>\s?/u, '')));
  }
  return out.join('\n').replace(/\n{3,}/gu, '\n\n').trim();
}

/** Elements whose content is site furniture, not the document. */
const DROP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'footer', 'aside', 'form', 'button', 'iframe']);
const BLOCK = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'address', 'br', 'hr', 'ul', 'ol']);

/** HTML to structured plain text (see above), through node-html-parser: headings, lists and tables kept. */
export function htmlToStructuredText(html: string): string {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const out: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/[ \t\u00a0]+/gu, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const text = (node: Node): string => (node.nodeType === NodeType.TEXT_NODE ? node.text : (node as HTMLElement).childNodes.map(text).join(''));
  // A page's own header (site name, banner) is furniture; a header inside an article or main is content.
  let inContent = 0;
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      line += node.text.replace(/\s+/gu, ' ');
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (DROP.has(tag) || el.getAttribute('role') === 'navigation' || el.getAttribute('aria-hidden') === 'true') return;
    if (tag === 'header' && !inContent) return;
    const h = /^h([1-6])$/u.exec(tag);
    if (h) {
      flush();
      const t = text(el).replace(/\s+/gu, ' ').trim();
      if (t) out.push(`${'#'.repeat(Number(h[1]))} ${t}`);
      return;
    }
    if (tag === 'li') {
      flush();
      line = '• ';
      el.childNodes.forEach(walk);
      flush();
      return;
    }
    if (tag === 'table') {
      flush();
      const rows = el.querySelectorAll('tr').map((tr) => tr.querySelectorAll('th,td').map((c) => text(c).replace(/\s+/gu, ' ').trim()));
      out.push(...tableLines(rows));
      return;
    }
    if (tag === 'title') return;
    const block = BLOCK.has(tag);
    const content = tag === 'main' || tag === 'article';
    if (block) flush();
    if (content) inContent++;
    el.childNodes.forEach(walk);
    if (content) inContent--;
    if (block) flush();
  };
  const body = root.querySelector('body') ?? root;
  const title = root.querySelector('title')?.text.replace(/\s+/gu, ' ').trim();
  walk(body);
  flush();
  if (title && !out.some((l) => l.replace(/^#+\s*/u, '') === title)) out.unshift(`# ${title}`);
  return out.join('\n');
}
