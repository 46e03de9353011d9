import { readerVersion } from '../../answer/extractive.js';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../core/languages.js';
import type { Chunk, CleanDocument } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import type { UsageReport } from '../../store/store.js';
import { passagePath } from './links.js';

/** What every page needs: its language, the translator, the response's CSP nonce, the reader's choices. */
export interface PageContext {
  lang: Language;
  i18n: Translator;
  nonce: string;
  /** The browser's language (what "detect automatically" means). */
  auto: Language;
  /** The language the reader picked, or null for "detect automatically". */
  chosen: Language | null;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The `lang` attribute of a document's original text. */
export function documentLang(document: CleanDocument, detected?: Language): string {
  if (document.meta.script === 'zh-Hant' || document.meta.script === 'zh-Hans') return document.meta.script;
  return detected ?? '';
}

/** The common page frame: head, skip link, navigation and language picker (localized), body, scripts. */
function frame(p: PageContext, title: string, body: string, options: { script?: string; bodyClass?: string } = {}): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  const options_ = [
    `<option value=""${p.chosen ? '' : ' selected'}>${t('web.autoDetect')} (${escapeHtml(LANGUAGE_NAMES[p.auto].native)})</option>`,
    ...LANGUAGES.map((l) => `<option value="${l}" lang="${l}"${p.chosen === l ? ' selected' : ''}>${escapeHtml(LANGUAGE_NAMES[l].native)}</option>`),
  ].join('');
  return `<!doctype html>
<html lang="${p.lang}" data-auto-lang="${p.auto}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/fonts.css">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body${options.bodyClass ? ` class="${options.bodyClass}"` : ''}>
<a class="skip" href="#main">${t('web.skipToContent')}</a>
<header class="top">
  <a class="brand" href="/">${t('web.title')}</a>
  <nav aria-label="${t('web.navigation')}"><a href="/">${t('web.chat')}</a><a href="/documents">${t('web.documents')}</a><a href="/report">${t('web.report')}</a></nav>
  <form class="lang-picker" method="get" action="">
    <label for="lang">${t('web.language')}</label>
    <select id="lang" name="lang">${options_}</select>
    <noscript><button>${t('web.apply')}</button></noscript>
  </form>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<script type="module" src="/assets/common.js" nonce="${escapeHtml(p.nonce)}"></script>
${options.script ? `<script type="module" src="/assets/${options.script}" nonce="${escapeHtml(p.nonce)}"></script>` : ''}
</body>
</html>`;
}

/** The chat page: the conversation, a question box with a counter, the source panel. The script is /assets/app.js. */
export function chatPage(p: PageContext): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  return frame(
    p,
    p.i18n.t(p.lang, 'web.title'),
    `<div class="chat-layout">
<section class="chat" aria-labelledby="chat-title">
  <div class="chat-head">
    <div><h1 id="chat-title">${t('web.chatTitle')}</h1><p class="subtitle">${t('web.subtitle')}</p></div>
    <button type="button" id="new-chat" class="secondary">${t('web.newConversation')}</button>
  </div>
  <div id="log" class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="${t('web.conversation')}" tabindex="0"></div>
  <form id="ask" class="ask" novalidate>
    <label for="question" class="visually-hidden">${t('web.questionLabel')}</label>
    <textarea id="question" name="question" rows="2" placeholder="${t('web.askPlaceholder')}" aria-describedby="count hint"></textarea>
    <div class="ask-row">
      <span id="hint" class="hint" role="status"></span>
      <span id="count" class="count"></span>
      <button type="button" id="stop" class="secondary" hidden>${t('web.stop')}</button>
      <button type="submit" id="send">${t('web.ask')}</button>
    </div>
  </form>
</section>
<aside id="panel" class="panel" hidden aria-labelledby="panel-title" tabindex="-1">
  <div class="panel-head"><h2 id="panel-title"></h2><button type="button" id="panel-close" class="secondary" aria-label="${t('web.close')}">×</button></div>
  <div id="panel-body"></div>
</aside>
</div>`,
    { script: 'app.js', bodyClass: 'chat-page' },
  );
}

/** The passage search box of the documents pages. */
function searchForm(p: PageContext, value = ''): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  return `<form class="search" action="/search" method="get" role="search"><label for="q" class="visually-hidden">${t('web.search')}</label><input type="search" id="q" name="q" value="${escapeHtml(value)}" placeholder="${t('web.searchPlaceholder')}"><button>${t('web.search')}</button></form>`;
}

/** The list of documents with their dates and metadata. */
export function documentsPage(p: PageContext, documents: CleanDocument[]): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  const rows = documents
    .map((d) => `<li><a href="/documents/${encodeURIComponent(d.meta.id)}"${d.meta.script.startsWith('zh') ? ` lang="${d.meta.script}"` : ''}>${escapeHtml(d.meta.title)}</a>${d.meta.titleEn ? `<div class="en" lang="en">${escapeHtml(d.meta.titleEn)}</div>` : ''}<div class="meta">${escapeHtml(d.meta.date ?? p.i18n.t(p.lang, 'web.unknown'))}${d.meta.publisher ? ` · ${escapeHtml(d.meta.publisher)}` : ''}</div></li>`)
    .join('\n');
  return frame(
    p,
    p.i18n.t(p.lang, 'web.documents'),
    `<section class="docs">
  <h1>${t('web.documents')}</h1>
  ${searchForm(p)}
  <ul class="doclist">${rows}</ul>
</section>`,
  );
}

/**
 * One document in full (cleaned, original script): every passage is an anchored block with its section path;
 * the text between passages (headings) is shown as headings; `highlight` marks one passage.
 */
export function documentPage(p: PageContext, document: CleanDocument, chunks: Chunk[], highlight?: string, detected?: Language): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  const meta = document.meta;
  const originalLang = documentLang(document, detected);
  const parts: string[] = [];
  let at = 0;
  const heading = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `<h2 class="heading">${escapeHtml(l)}</h2>`)
      .join('');
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) {
    if (c.start > at) parts.push(heading(document.text.slice(at, c.start)));
    const id = c.id.slice(c.id.indexOf('#') + 1);
    const marked = highlight === id ? ' highlight' : '';
    const version = versionHtml(c, p);
    parts.push(
      `<div class="passage${marked}${version ? ' with-version' : ''}" id="p-${escapeHtml(id)}">${c.sectionPath.length ? `<div class="path">${escapeHtml(c.sectionPath.join(' > '))}</div>` : ''}<p lang="${originalLang}">${escapeHtml(c.text).replace(/\n/gu, '<br>')}</p>${version}<a class="permalink" href="${escapeHtml(passagePath(c))}" aria-label="${t('web.passageLink')}">¶</a></div>`,
    );
    at = Math.max(at, c.end);
  }
  if (at < document.text.length) parts.push(heading(document.text.slice(at)));
  const row = (label: string, value: string | null) => `<tr><th scope="row">${t(label)}</th><td>${escapeHtml(value ?? p.i18n.t(p.lang, 'web.unknown'))}</td></tr>`;
  return frame(
    p,
    meta.title,
    `<p class="back"><a href="/">← ${t('web.backToChat')}</a> · <a href="/documents">${t('web.documents')}</a></p>
<article class="document">
  <h1 lang="${originalLang}">${escapeHtml(meta.title)}</h1>
  ${meta.titleEn ? `<p class="en" lang="en">${escapeHtml(meta.titleEn)}</p>` : ''}
  <details class="about" open><summary>${t('web.metadata')}</summary><table>
    ${row('web.date', meta.date)}${row('web.publisher', meta.publisher)}${row('web.kind', meta.kind)}${row('web.script', meta.script)}
  </table></details>
  ${document.garbles.some((g) => g.repaired === null) ? `<p class="note">${t('answer.garbledNote')}</p>` : ''}
  <div class="text">${parts.join('\n')}</div>
</article>`,
    { script: 'document.js' },
  );
}

/** A passage's version in the reader's language (else English) as a labelled block; empty when there is none. */
function versionHtml(c: Chunk, p: PageContext, marks: string[] = []): string {
  const v = readerVersion(c, p.lang);
  if (!v) return '';
  const label = p.i18n.t(p.lang, v.lang === p.lang ? 'answer.translationOwnLabel' : 'answer.translationLabel');
  return `<div class="version" lang="${v.lang}"><span class="version-label" lang="${p.lang}">${escapeHtml(label)}</span><p>${highlighted(v.text, marks).replace(/\n/gu, '<br>')}</p></div>`;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The words of a search to mark in results: words of two letters or more, and Chinese pairs of characters. */
export function searchTerms(query: string): string[] {
  const out = new Set<string>();
  for (const s of wordSegmenter.segment(query.normalize('NFC'))) {
    if (!s.isWordLike) continue;
    const w = s.segment.toLocaleLowerCase();
    if (/^[\u3400-\u9fff]+$/u.test(w)) {
      if (w.length === 1) continue;
      for (let i = 0; i + 2 <= w.length; i++) out.add(w.slice(i, i + 2));
    } else if ([...w].length >= 2) out.add(w);
  }
  return [...out];
}

/** Escaped text with the search terms marked (`<mark>`), case-insensitively. */
export function highlighted(text: string, terms: string[]): string {
  if (!terms.length) return escapeHtml(text);
  const lower = text.toLocaleLowerCase();
  const marks = new Uint8Array(text.length);
  for (const term of terms) {
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) marks.fill(1, i, i + term.length);
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j++;
    out += marks[i] ? `<mark>${escapeHtml(text.slice(i, j))}</mark>` : escapeHtml(text.slice(i, j));
    i = j;
  }
  return out;
}

/** Search results for the documents page: passages with their section paths and links, matches marked. */
export function searchPage(p: PageContext, query: string, results: { chunk: Chunk; title: string }[], langOf: (chunk: Chunk) => string = () => ''): string {
  const t = (k: string, vars?: Record<string, string | number>) => escapeHtml(p.i18n.t(p.lang, k, vars));
  const terms = searchTerms(query);
  const items = results
    .map((r) => `<li><a href="${escapeHtml(passagePath(r.chunk))}">${escapeHtml(r.title)}</a><div class="path">${escapeHtml(r.chunk.sectionPath.join(' > '))}</div><p lang="${langOf(r.chunk)}">${highlighted(r.chunk.text, terms)}</p>${versionHtml(r.chunk, p, terms)}</li>`)
    .join('\n');
  const status = !query ? '' : items ? t('web.resultsFor', { count: results.length, query }) : t('web.noResultsFor', { query });
  return frame(
    p,
    query ? `${p.i18n.t(p.lang, 'web.search')}: ${query}` : p.i18n.t(p.lang, 'web.search'),
    `<section class="docs">
  <h1>${t('web.search')}</h1>
  ${searchForm(p, query)}
  ${status ? `<p class="status" role="status">${status}</p>` : ''}
  ${items ? `<ol class="results">${items}</ol>` : ''}
</section>`,
  );
}

/** A horizontal bar chart as inline SVG (no scripts, no CDN), named for assistive technology. */
function barChart(name: string, rows: { label: string; value: number; lang?: string }[]): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const h = 22;
  const bars = rows
    .map((r, i) => {
      const w = Math.round((r.value / max) * 300);
      return `<text x="0" y="${i * h + 15}" class="label"${r.lang ? ` lang="${r.lang}"` : ''}>${escapeHtml(r.label)}</text><rect x="130" y="${i * h + 4}" width="${w}" height="14" class="bar"></rect><text x="${136 + w}" y="${i * h + 15}" class="value">${r.value}</text>`;
    })
    .join('');
  const summary = rows.map((r) => `${r.label}: ${r.value}`).join(', ');
  return `<svg class="chart" viewBox="0 0 480 ${Math.max(h, rows.length * h)}" role="img" aria-label="${escapeHtml(`${name}. ${summary}`)}"><title>${escapeHtml(name)}</title>${bars}</svg>`;
}

/** The report page: questions per language and per day, unanswered questions, feedback counts and comments. */
export function reportPage(p: PageContext, report: UsageReport): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  const native = (code: string) => LANGUAGE_NAMES[code as Language]?.native ?? code;
  const unanswered = report.unanswered
    .map((u) => `<li><strong lang="${escapeHtml(u.language)}">${escapeHtml(native(u.language))}</strong>: ${u.count}${u.questions.length ? `<ul>${u.questions.map((q) => `<li lang="${escapeHtml(u.language)}">${escapeHtml(q)}</li>`).join('')}</ul>` : ''}</li>`)
    .join('');
  const comments = report.comments.map((c) => `<li><strong>${t(c.helpful ? 'bot.feedbackHelpful' : 'bot.feedbackNotHelpful')}</strong>: ${escapeHtml(c.comment)}</li>`).join('');
  return frame(
    p,
    p.i18n.t(p.lang, 'web.report'),
    `<section class="report">
  <h1>${t('web.report')}</h1>
  <h2>${t('web.questionsPerLanguage')}</h2>
  ${barChart(p.i18n.t(p.lang, 'web.questionsPerLanguage'), report.byLanguage.map((l) => ({ label: native(l.language), value: l.questions, lang: l.language })))}
  <h2>${t('web.questionsPerDay')}</h2>
  ${barChart(p.i18n.t(p.lang, 'web.questionsPerDay'), report.byDay.map((d) => ({ label: d.day, value: d.questions })))}
  <h2>${t('web.unanswered')}</h2>
  <ul class="unanswered">${unanswered || '<li>—</li>'}</ul>
  <h2>${t('web.feedback')}</h2>
  ${barChart(p.i18n.t(p.lang, 'web.feedback'), [{ label: p.i18n.t(p.lang, 'bot.feedbackHelpful'), value: report.feedback.helpful }, { label: p.i18n.t(p.lang, 'bot.feedbackNotHelpful'), value: report.feedback.notHelpful }])}
  ${comments ? `<h2>${t('web.comments')}</h2><ul class="comments">${comments}</ul>` : ''}
</section>`,
  );
}

/** The admin log-in form: the token is posted once and kept as an HttpOnly, SameSite cookie. */
export function loginPage(p: PageContext, state: { enabled: boolean; wrong?: boolean }): string {
  const t = (k: string) => escapeHtml(p.i18n.t(p.lang, k));
  return frame(
    p,
    p.i18n.t(p.lang, 'web.login'),
    `<section class="docs">
  <h1>${t('web.login')}</h1>
  ${state.enabled ? '' : `<p>${t('web.loginNotNeeded')}</p>`}
  ${state.wrong ? `<p class="error" role="alert">${t('web.loginWrong')}</p>` : ''}
  <form class="login" method="post" action="/login">
    <label for="token">${t('web.adminToken')}</label>
    <input type="password" id="token" name="token" autocomplete="current-password" required>
    <button>${t('web.loginButton')}</button>
  </form>
</section>`,
  );
}
