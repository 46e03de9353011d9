// The chat page. Asks /api/ask (server-sent events, so a model's reply grows as it is written), shows each
// reply with numbered citations that open the passage in the side panel, keeps the conversation in
// localStorage (it survives reloads and navigation; "new conversation" starts another), sends the
// conversation id so that follow-ups are read against the previous turn, and says what went wrong in the
// reader's language, with the question kept in the box and a retry button.
const MAX_CHARS = 2000;
const COUNTER_FROM = 1600;
const MAX_TURNS = 50;
const STORAGE_KEY = 'chat.v1';
// A thumb drawn as SVG (emoji need a colour-emoji font that bare systems lack); "down" turns it over.
const THUMB = '<svg class="thumb" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path fill="currentColor" d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10c0 1.1.9 2 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg>';

const log = document.getElementById('log');
const form = document.getElementById('ask');
const box = document.getElementById('question');
const send = document.getElementById('send');
const stopButton = document.getElementById('stop');
const hint = document.getElementById('hint');
const count = document.getElementById('count');
const panel = document.getElementById('panel');
const panelTitle = document.getElementById('panel-title');
const panelBody = document.getElementById('panel-body');
const lang = document.documentElement.lang || 'en';
let strings = {};
let pending = null; // { controller } while a question is being answered
let panelOpener = null;

const get = (obj, key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
const t = (key, vars = {}) => String(get(strings, key) ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, v) => vars[v] ?? '');
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const chosenLanguage = () => localStorage.getItem('lang') || (document.cookie.match(/(?:^|;\s*)lang=([^;]+)/) || [])[1] || '';

// ---- The conversation, kept in localStorage ----
function loadConversation() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    if (saved && typeof saved.id === 'string' && Array.isArray(saved.turns)) return saved;
  } catch {
    // A damaged entry starts a new conversation.
  }
  return { id: newId(), turns: [] };
}
function newId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
}
let conversation = loadConversation();
function save() {
  conversation.turns = conversation.turns.slice(-MAX_TURNS);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(conversation));
  } catch {
    // Storage full or disabled: the conversation still works, it is just not kept.
  }
}

// ---- Rendering ----
function bubble(kind, html, attrs = {}) {
  const div = document.createElement('div');
  div.className = `msg ${kind}`;
  for (const [k, v] of Object.entries(attrs)) div.setAttribute(k, v);
  div.innerHTML = html;
  log.appendChild(div);
  return div;
}

/** Brings the newest question and what follows it into view: all of it when it fits, else its start. */
function reveal(question) {
  const top = question.offsetTop - 8;
  if (log.scrollHeight - top <= log.clientHeight) log.scrollTop = log.scrollHeight;
  else log.scrollTop = top;
}

/** Ranges of the reply text in another language than the reply's: quotes, their versions, Chinese names. */
function languageRanges(text, answer) {
  const ranges = [];
  const add = (needle, code) => {
    if (!needle || !code || code === answer.language) return;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) ranges.push([i, i + needle.length, code]);
  };
  for (const c of answer.citations) {
    add(c.quote, c.lang);
    if (c.translation) add(c.translation.text, c.translation.lang);
  }
  if (!String(answer.language).startsWith('zh')) {
    for (const m of text.matchAll(/[\u3400-\u9fff][\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》、，。：；（）\d\s-]*/gu)) {
      const script = answer.citations.find((c) => String(c.lang).startsWith('zh'))?.lang || 'zh';
      ranges.push([m.index, m.index + m[0].trimEnd().length, script]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  for (const r of ranges) if (!kept.length || r[0] >= kept[kept.length - 1][1]) kept.push(r);
  return kept;
}

function linkify(html, answer) {
  const byN = new Map(answer.citations.map((c) => [c.n, c]));
  return html.replace(/\[(\d+)\]/g, (m, n) => {
    const c = byN.get(Number(n));
    return c ? `<a class="cite" href="${escape(c.url)}" data-n="${c.n}">[${n}]<span class="visually-hidden"> ${escape(t('web.sourceN', { n: c.n }))}</span></a>` : m;
  });
}

function answerText(answer) {
  const text = answer.text;
  let html = '';
  let at = 0;
  const piece = (s) => linkify(escape(s), answer).replace(/\n/g, '<br>');
  for (const [start, end, code] of languageRanges(text, answer)) {
    html += piece(text.slice(at, start)) + `<span lang="${escape(code)}">${piece(text.slice(start, end))}</span>`;
    at = end;
  }
  return html + piece(text.slice(at));
}

function renderAnswer(div, answer) {
  div.className = 'msg bot';
  div.dataset.answer = answer.id;
  const sources = answer.citations
    .map((c) => `<li><button type="button" class="source" data-n="${c.n}"><span class="n">[${c.n}]</span> <span${String(c.lang || '').startsWith('zh') ? ` lang="${escape(c.lang)}"` : ''}>${escape(c.title)}</span>${c.section ? `<span class="path"> — ${escape(c.section)}</span>` : ''}</button></li>`)
    .join('');
  const suggestions = (answer.suggestions || []).map((s) => `<button type="button" class="suggestion" lang="${escape(answer.language)}">${escape(s)}</button>`).join('');
  div.innerHTML = `<div class="text" lang="${escape(answer.language)}">${answerText(answer)}</div>
${sources ? `<div class="sources"><h3>${escape(t('answer.sources'))}</h3><ol>${sources}</ol></div>` : ''}
${suggestions ? `<div class="suggestions" aria-label="${escape(t('web.suggestions'))}">${suggestions}</div>` : ''}
<div class="tools">
  <button type="button" class="copy secondary">${escape(t('web.copy'))}</button>
  ${answer.kind === 'chat' ? '' : `<button type="button" class="vote secondary" data-helpful="true" aria-pressed="${answer.vote === true}">${THUMB}<span class="visually-hidden">${escape(t('bot.feedbackHelpful'))}</span></button><button type="button" class="vote secondary down" data-helpful="false" aria-pressed="${answer.vote === false}">${THUMB}<span class="visually-hidden">${escape(t('bot.feedbackNotHelpful'))}</span></button>`}
  <span class="tool-status" role="status"></span>
</div>`;
  div._answer = answer;
}

function renderError(div, message, question) {
  div.className = 'msg bot error';
  div.setAttribute('role', 'alert');
  div.innerHTML = `<p>${escape(message)}</p><button type="button" class="retry">${escape(t('web.retry'))}</button>`;
  div.querySelector('.retry').addEventListener('click', () => {
    div.previousElementSibling?.remove();
    div.remove();
    ask(question);
  });
}

function renderWelcome() {
  const examples = [1, 2, 3].map((n) => `<li><button type="button" class="suggestion">${escape(t(`bot.example${n}`))}</button></li>`).join('');
  bubble('bot welcome', `<p>${escape(t('chat.greeting'))}</p><p>${escape(t('chat.tryAsking'))}</p><ul class="examples">${examples}</ul>`);
}

function renderAll() {
  log.innerHTML = '';
  if (!conversation.turns.length) renderWelcome();
  let last = null;
  for (const turn of conversation.turns) {
    last = bubble('user', escape(turn.question).replace(/\n/g, '<br>'), { lang: turn.answer?.language || '' });
    renderAnswer(bubble('bot', ''), turn.answer);
  }
  if (last) reveal(last);
}

// ---- Asking ----
function errorMessage(status, body, networkFailed) {
  if (networkFailed) return t('web.errorNetwork');
  const code = body?.error?.code;
  if (status === 413 || code === 'BODY_TOO_LARGE') return t('web.errorTooLong', { max: MAX_CHARS });
  if (status === 429 || code === 'RATE_LIMITED') return t('web.errorRateLimited');
  if (status >= 400 && status < 500) return t('web.errorInput');
  return t('web.errorServer');
}

/** Reads server-sent events from a response body: calls `on(event, data)` for each. */
async function readEvents(response, on) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      on(name, data ? JSON.parse(data) : null);
    }
  }
}

function setBusy(busy) {
  send.disabled = busy || box.value.length > MAX_CHARS;
  stopButton.hidden = !busy;
  form.setAttribute('aria-busy', String(busy));
}

async function ask(question) {
  if (pending) return;
  const user = bubble('user', escape(question).replace(/\n/g, '<br>'));
  const reply = bubble('bot pending', `<span class="spinner" aria-hidden="true"></span> ${escape(t('web.loading'))}`, { 'aria-busy': 'true' });
  reveal(user);
  const controller = new AbortController();
  pending = { controller };
  setBusy(true);
  let answer = null;
  try {
    const chosen = chosenLanguage();
    const response = await fetch('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question, conversationId: conversation.id, ...(chosen ? { lang: chosen } : {}) }),
      signal: controller.signal,
    });
    if (!response.ok || !(response.headers.get('content-type') || '').includes('text/event-stream')) {
      const body = await response.json().catch(() => null);
      throw Object.assign(new Error('http'), { status: response.status, body });
    }
    let grown = '';
    await readEvents(response, (name, data) => {
      if (name === 'token') {
        grown += data.text;
        reply.className = 'msg bot streaming';
        reply.textContent = grown;
        reveal(user);
      } else if (name === 'answer') answer = data;
      else if (name === 'error') throw Object.assign(new Error('event'), { status: 500, body: { error: data } });
    });
    if (!answer) throw Object.assign(new Error('incomplete'), { status: 500 });
    reply.removeAttribute('aria-busy');
    renderAnswer(reply, answer);
    user.setAttribute('lang', answer.language);
    conversation.turns.push({ question, answer });
    save();
    if (box.value.trim() === question.trim()) box.value = '';
    updateCount();
  } catch (error) {
    reply.removeAttribute('aria-busy');
    if (error.name === 'AbortError') {
      renderError(reply, t('web.stopped'), question);
    } else {
      renderError(reply, errorMessage(error.status, error.body, error.status === undefined), question);
    }
    // The question stays in the box, to edit or send again.
    if (!box.value.trim()) box.value = question;
    updateCount();
  } finally {
    pending = null;
    setBusy(false);
    reveal(user);
    box.focus();
  }
}

function updateCount() {
  const n = box.value.length;
  count.textContent = n >= COUNTER_FROM ? t('web.counter', { count: n, max: MAX_CHARS }) : '';
  count.classList.toggle('over', n > MAX_CHARS);
  if (n > MAX_CHARS) hint.textContent = t('web.errorTooLong', { max: MAX_CHARS, over: n - MAX_CHARS });
  else if (hint.dataset.kind === 'length' || hint.dataset.kind === 'empty') hint.textContent = '';
  hint.dataset.kind = n > MAX_CHARS ? 'length' : hint.dataset.kind === 'empty' ? 'empty' : '';
  send.disabled = Boolean(pending) || n > MAX_CHARS;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (pending) return;
  const q = box.value.trim();
  if (!q) {
    hint.dataset.kind = 'empty';
    hint.textContent = t('web.errorEmpty');
    box.focus();
    return;
  }
  if (q.length > MAX_CHARS) return updateCount();
  hint.textContent = '';
  ask(q);
});

box.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    // While a question is being answered, Enter does nothing (the box keeps what is typed).
    if (!pending) form.requestSubmit();
  }
});
box.addEventListener('input', updateCount);
stopButton.addEventListener('click', () => pending?.controller.abort());

document.getElementById('new-chat').addEventListener('click', () => {
  pending?.controller.abort();
  conversation = { id: newId(), turns: [] };
  save();
  closePanel();
  renderAll();
  box.value = '';
  updateCount();
  box.focus();
});

// ---- Sources, tools, suggestions ----
function openPanel(citation, opener) {
  panelOpener = opener;
  panelTitle.textContent = `[${citation.n}] ${citation.title}`;
  if (String(citation.lang || '').startsWith('zh')) panelTitle.setAttribute('lang', citation.lang);
  else panelTitle.removeAttribute('lang');
  panelBody.innerHTML = `${citation.section ? `<p class="path">${escape(citation.section)}</p>` : ''}
<blockquote class="quote"${citation.lang ? ` lang="${escape(citation.lang)}"` : ''}>${escape(citation.quote).replace(/\n/g, '<br>')}</blockquote>
${citation.translation ? `<div class="version" lang="${escape(citation.translation.lang)}"><span class="version-label" lang="${escape(lang)}">${escape(t(citation.translation.lang === lang ? 'answer.translationOwnLabel' : 'answer.translationLabel'))}</span><p>${escape(citation.translation.text).replace(/\n/g, '<br>')}</p></div>` : ''}
<p><a href="${escape(citation.url)}" target="_blank" rel="noopener">${escape(t('web.openInDocument'))}</a></p>`;
  panel.hidden = false;
  document.body.classList.add('panel-open');
  panel.focus();
}

function closePanel() {
  if (panel.hidden) return;
  panel.hidden = true;
  document.body.classList.remove('panel-open');
  panelOpener?.focus();
  panelOpener = null;
}
document.getElementById('panel-close').addEventListener('click', closePanel);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closePanel();
});

async function copyAnswer(answer, status) {
  const sources = answer.citations.map((c) => `[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ''} ${new URL(c.url, location.href).href}`);
  const text = `${answer.text}${sources.length ? `\n\n${t('answer.sources')}\n${sources.join('\n')}` : ''}`;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  status.textContent = t('web.copied');
}

async function vote(div, button) {
  const answer = div._answer;
  const helpful = button.dataset.helpful === 'true';
  const status = div.querySelector('.tool-status');
  const response = await fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answerId: answer.id, helpful }) }).catch(() => null);
  if (!response?.ok) {
    status.textContent = t('web.errorFeedback');
    return;
  }
  answer.vote = helpful;
  save();
  div.querySelectorAll('.vote').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
  status.textContent = t('bot.feedbackThanks');
  if (!div.querySelector('.comment')) {
    const wrap = document.createElement('form');
    wrap.className = 'comment';
    const id = `comment-${answer.id}`;
    wrap.innerHTML = `<label for="${id}">${escape(t('web.commentLabel'))}</label><textarea id="${id}" rows="2" maxlength="1000"></textarea><button type="submit" class="secondary">${escape(t('web.sendComment'))}</button>`;
    wrap.addEventListener('submit', async (event) => {
      event.preventDefault();
      const comment = wrap.querySelector('textarea').value.trim();
      if (!comment) return;
      const sent = await fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answerId: answer.id, helpful: answer.vote, comment }) }).catch(() => null);
      status.textContent = sent?.ok ? t('web.commentThanks') : t('web.errorFeedback');
      if (sent?.ok) wrap.remove();
    });
    div.querySelector('.tools').after(wrap);
  }
  button.focus();
}

log.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const div = target?.closest('.msg');
  const cite = target?.closest('a.cite, button.source');
  if (cite && div?._answer) {
    if (cite.tagName === 'A' && (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) return;
    event.preventDefault();
    const citation = div._answer.citations.find((c) => c.n === Number(cite.dataset.n));
    if (citation) openPanel(citation, cite);
    return;
  }
  const suggestion = target?.closest('button.suggestion');
  if (suggestion && !pending) return void ask(suggestion.textContent.trim());
  if (target?.closest('button.copy') && div?._answer) return void copyAnswer(div._answer, div.querySelector('.tool-status'));
  const voteButton = target?.closest('button.vote');
  if (voteButton && div?._answer) return void vote(div, voteButton);
});

// ---- Start ----
async function start() {
  try {
    const res = await fetch(`/api/i18n/${encodeURIComponent(lang)}`);
    if (res.ok) strings = (await res.json()).resources;
  } catch {
    // Without the strings the keys show; the chat still works.
  }
  renderAll();
  updateCount();
  document.body.dataset.ready = 'true';
}
start();
