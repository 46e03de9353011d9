// The chat page: asks /api/ask, shows the reply with numbered citations linked to the passages, and
// localizes the interface from /api/i18n/<lang> (the same i18next resources as the bots).
const log = document.getElementById('log');
const form = document.getElementById('ask');
const question = document.getElementById('question');
const picker = document.getElementById('lang');
const send = document.getElementById('send');
let strings = {};

const get = (obj, key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
const t = (key, vars = {}) => String(get(strings, key) ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, v) => vars[v] ?? '');
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

async function localize(lang) {
  const code = lang || (navigator.language || 'en');
  const res = await fetch(`/api/i18n/${encodeURIComponent(lang || 'en')}`);
  if (!res.ok) return;
  strings = (await res.json()).resources;
  document.documentElement.lang = lang || code;
  document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n)));
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => (el.placeholder = t(el.dataset.i18nPlaceholder)));
  picker.options[0].textContent = t('web.autoDetect');
}

function bubble(kind, html) {
  const div = document.createElement('div');
  div.className = `msg ${kind}`;
  div.innerHTML = html;
  log.appendChild(div);
  div.scrollIntoView({ block: 'end', behavior: 'smooth' });
  return div;
}

function renderAnswer(answer) {
  const links = new Map(answer.citations.map((c) => [c.n, c]));
  const text = escape(answer.text).replace(/\[(\d+)\]/g, (m, n) => {
    const c = links.get(Number(n));
    return c ? `<a class="cite" href="${escape(c.url)}" title="${escape(`${c.title} — ${c.section}`)}">[${n}]</a>` : m;
  });
  const sources = answer.citations
    .map((c) => `<li><a class="cite" href="${escape(c.url)}">[${c.n}] ${escape(c.title)}</a>${c.section ? `<span class="path"> — ${escape(c.section)}</span>` : ''}</li>`)
    .join('');
  const lang = answer.language;
  return `<div class="text" lang="${escape(lang)}">${text.replace(/\n/g, '<br>')}</div>${sources ? `<div class="sources"><strong>${escape(t('answer.sources'))}</strong><ol>${sources}</ol></div>` : ''}<div class="feedback"><button data-helpful="true" data-id="${escape(answer.id)}" title="${escape(t('bot.feedbackHelpful'))}">👍</button><button data-helpful="false" data-id="${escape(answer.id)}" title="${escape(t('bot.feedbackNotHelpful'))}">👎</button></div>`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = question.value.trim();
  if (!q) return;
  bubble('user', escape(q).replace(/\n/g, '<br>'));
  question.value = '';
  send.disabled = true;
  const pending = bubble('bot pending', escape(t('web.loading')));
  try {
    const res = await fetch('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q, lang: picker.value || undefined }) });
    const body = await res.json();
    if (!res.ok) throw new Error(body?.error?.message || t('web.requestFailed'));
    pending.className = 'msg bot';
    pending.innerHTML = renderAnswer(body);
  } catch (error) {
    pending.className = 'msg bot error';
    pending.textContent = error.message || t('web.requestFailed');
  } finally {
    send.disabled = false;
    question.focus();
  }
});

question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

log.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-id]');
  if (!button) return;
  const res = await fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answerId: button.dataset.id, helpful: button.dataset.helpful === 'true' }) });
  if (res.ok) button.parentElement.innerHTML = `<span>${escape(t('bot.feedbackThanks'))}</span>`;
});

picker.addEventListener('change', () => {
  localStorage.setItem('lang', picker.value);
  localize(picker.value);
});

picker.value = localStorage.getItem('lang') || '';
localize(picker.value || document.documentElement.lang);
