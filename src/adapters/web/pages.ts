import { readerVersion } from '../../answer/extractive.js';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../core/languages.js';
import type { Chunk, CleanDocument } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import type { UsageReport } from '../../store/store.js';
import { passagePath } from './links.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The common page frame: head, navigation (localized), body. */
function frame(lang: Language, i18n: Translator, title: string, body: string, extraHead = ''): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/style.css">
${extraHead}
</head>
<body>
<header class="top">
  <a class="brand" href="/">${t('web.title')}</a>
  <nav><a href="/" data-i18n="web.chat">${t('web.chat')}</a><a href="/documents" data-i18n="web.documents">${t('web.documents')}</a><a href="/report" data-i18n="web.report">${t('web.report')}</a></nav>
</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** Options of the language picker, the first one "detect automatically". */
function languageOptions(lang: Language, i18n: Translator): string {
  return [`<option value="">${escapeHtml(i18n.t(lang, 'web.autoDetect'))}</option>`, ...LANGUAGES.map((l) => `<option value="${l}">${escapeHtml(LANGUAGE_NAMES[l].native)}</option>`)].join('');
}

/** The chat page: a question box, a language picker, the conversation. The script is /assets/app.js. */
export function chatPage(lang: Language, i18n: Translator): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  return frame(
    lang,
    i18n,
    i18n.t(lang, 'web.title'),
    `<section class="chat">
  <p class="subtitle" data-i18n="web.subtitle">${t('web.subtitle')}</p>
  <div id="log" class="log" aria-live="polite"></div>
  <form id="ask" class="ask">
    <label class="lang"><span data-i18n="web.language">${t('web.language')}</span>
      <select id="lang" name="lang">${languageOptions(lang, i18n)}</select></label>
    <textarea id="question" name="question" rows="2" maxlength="2000" required placeholder="${t('web.askPlaceholder')}" data-i18n-placeholder="web.askPlaceholder"></textarea>
    <button type="submit" id="send" data-i18n="web.ask">${t('web.ask')}</button>
  </form>
</section>`,
    '<script type="module" src="/assets/app.js"></script>',
  );
}

/** The passage search box of the documents pages. */
function searchForm(lang: Language, i18n: Translator, value = ''): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  return `<form class="search" action="/search" method="get"><input type="search" name="q" value="${escapeHtml(value)}" placeholder="${t('web.searchPlaceholder')}" aria-label="${t('web.search')}"><button>${t('web.search')}</button></form>`;
}

/** The list of documents with their dates and metadata. */
export function documentsPage(lang: Language, i18n: Translator, documents: CleanDocument[]): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  const rows = documents
    .map((d) => `<li><a href="/documents/${encodeURIComponent(d.meta.id)}">${escapeHtml(d.meta.title)}</a>${d.meta.titleEn ? `<div class="en">${escapeHtml(d.meta.titleEn)}</div>` : ''}<div class="meta">${escapeHtml(d.meta.date ?? i18n.t(lang, 'web.unknown'))}${d.meta.publisher ? ` · ${escapeHtml(d.meta.publisher)}` : ''}</div></li>`)
    .join('\n');
  return frame(
    lang,
    i18n,
    i18n.t(lang, 'web.documents'),
    `<section class="docs">
  <h1>${t('web.documents')}</h1>
  ${searchForm(lang, i18n)}
  <ul class="doclist">${rows}</ul>
</section>`,
  );
}

/**
 * One document in full (cleaned, original script): every passage is an anchored block with its section path
 * as a tooltip; the text between passages (headings) is shown as headings; `highlight` marks one passage.
 */
export function documentPage(lang: Language, i18n: Translator, document: CleanDocument, chunks: Chunk[], highlight?: string): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  const meta = document.meta;
  const originalLang = meta.script === 'zh-Hant' ? 'zh-Hant' : meta.script === 'zh-Hans' ? 'zh-Hans' : '';
  // Beside each passage, its version in the reader's language (else English), labelled as a translation.
  const version = (c: Chunk) => versionHtml(c, lang, i18n);
  const parts: string[] = [];
  let at = 0;
  const heading = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `<h3 class="heading">${escapeHtml(l)}</h3>`)
      .join('');
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) {
    if (c.start > at) parts.push(heading(document.text.slice(at, c.start)));
    const id = c.id.slice(c.id.indexOf('#') + 1);
    const marked = highlight === id ? ' highlight' : '';
    parts.push(
      `<div class="passage${marked}${version(c) ? ' with-version' : ''}" id="p-${escapeHtml(id)}" data-section="${escapeHtml(c.sectionPath.join(' > '))}">${c.sectionPath.length ? `<div class="path">${escapeHtml(c.sectionPath.join(' > '))}</div>` : ''}<p lang="${originalLang}">${escapeHtml(c.text).replace(/\n/gu, '<br>')}</p>${version(c)}<a class="permalink" href="${escapeHtml(passagePath(c))}">¶</a></div>`,
    );
    at = Math.max(at, c.end);
  }
  if (at < document.text.length) parts.push(heading(document.text.slice(at)));
  const row = (label: string, value: string | null) => `<tr><th>${t(label)}</th><td>${escapeHtml(value ?? i18n.t(lang, 'web.unknown'))}</td></tr>`;
  return frame(
    lang,
    i18n,
    meta.title,
    `<article class="document" lang="${meta.script === 'zh-Hant' ? 'zh-Hant' : meta.script === 'zh-Hans' ? 'zh-Hans' : ''}">
  <h1>${escapeHtml(meta.title)}</h1>
  ${meta.titleEn ? `<p class="en">${escapeHtml(meta.titleEn)}</p>` : ''}
  <details class="about" open><summary>${t('web.metadata')}</summary><table>
    ${row('web.date', meta.date)}${row('web.publisher', meta.publisher)}${row('web.kind', meta.kind)}${row('web.script', meta.script)}
  </table></details>
  ${document.garbles.some((g) => g.repaired === null) ? `<p class="note">${t('answer.garbledNote')}</p>` : ''}
  <div class="text">${parts.join('\n')}</div>
</article>
<script>document.querySelector('.highlight')?.scrollIntoView({ block: 'center' });</script>`,
  );
}

/** A passage's version in the reader's language (else English) as a labelled block; empty when there is none. */
function versionHtml(c: Chunk, lang: Language, i18n: Translator): string {
  const v = readerVersion(c, lang);
  if (!v) return '';
  const label = i18n.t(lang, v.lang === lang ? 'answer.translationOwnLabel' : 'answer.translationLabel');
  return `<div class="version" lang="${v.lang}"><span class="version-label" lang="${lang}">${escapeHtml(label)}</span><p>${escapeHtml(v.text).replace(/\n/gu, '<br>')}</p></div>`;
}

/** Search results for the documents page: passages with their section paths and links. */
export function searchPage(lang: Language, i18n: Translator, query: string, results: { chunk: Chunk; title: string }[]): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  const items = results
    .map((r) => `<li><a href="${escapeHtml(passagePath(r.chunk))}">${escapeHtml(r.title)}</a><div class="path">${escapeHtml(r.chunk.sectionPath.join(' > '))}</div><p>${escapeHtml(r.chunk.text)}</p>${versionHtml(r.chunk, lang, i18n)}</li>`)
    .join('\n');
  return frame(
    lang,
    i18n,
    `${i18n.t(lang, 'web.search')}: ${query}`,
    `<section class="docs">
  ${searchForm(lang, i18n, query)}
  ${items ? `<ol class="results">${items}</ol>` : `<p>${t('web.noResults')}</p>`}
</section>`,
  );
}

/** A horizontal bar chart as inline SVG (no scripts, no CDN). */
function barChart(rows: { label: string; value: number }[]): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const h = 22;
  const bars = rows
    .map((r, i) => {
      const w = Math.round((r.value / max) * 300);
      return `<text x="0" y="${i * h + 15}" class="label">${escapeHtml(r.label)}</text><rect x="110" y="${i * h + 4}" width="${w}" height="14" class="bar"></rect><text x="${116 + w}" y="${i * h + 15}" class="value">${r.value}</text>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 460 ${Math.max(h, rows.length * h)}" role="img">${bars}</svg>`;
}

/** The report page: questions per language and per day, unanswered questions, feedback counts. */
export function reportPage(lang: Language, i18n: Translator, report: UsageReport): string {
  const t = (k: string) => escapeHtml(i18n.t(lang, k));
  const unanswered = report.unanswered
    .map((u) => `<li><strong>${escapeHtml(LANGUAGE_NAMES[u.language as Language]?.native ?? u.language)}</strong>: ${u.count}${u.questions.length ? `<ul>${u.questions.map((q) => `<li>${escapeHtml(q)}</li>`).join('')}</ul>` : ''}</li>`)
    .join('');
  return frame(
    lang,
    i18n,
    i18n.t(lang, 'web.report'),
    `<section class="report">
  <h1>${t('web.report')}</h1>
  <h2>${t('web.questionsPerLanguage')}</h2>
  ${barChart(report.byLanguage.map((l) => ({ label: l.language, value: l.questions })))}
  <h2>${t('web.questionsPerDay')}</h2>
  ${barChart(report.byDay.map((d) => ({ label: d.day, value: d.questions })))}
  <h2>${t('web.unanswered')}</h2>
  <ul class="unanswered">${unanswered || '<li>—</li>'}</ul>
  <h2>${t('web.feedback')}</h2>
  ${barChart([{ label: `👍 ${i18n.t(lang, 'bot.feedbackHelpful')}`, value: report.feedback.helpful }, { label: `👎 ${i18n.t(lang, 'bot.feedbackNotHelpful')}`, value: report.feedback.notHelpful }])}
</section>`,
  );
}
