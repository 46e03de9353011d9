import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/runtime.js';
import { offlineRuntime } from '../../helpers/runtime.js';
import { startWeb } from '../../helpers/web.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: Response): Promise<any> => r.json();
let runtime: Runtime;
let close: () => Promise<void> = async () => undefined;
let base = '';
const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  runtime = await offlineRuntime();
  ({ close, base } = await startWeb(runtime, { adminToken: 'secret-token' }));
});
afterAll(() => close());

describe('the HTTP API', () => {
  it('answers POST /api/ask with the Answer JSON, citations linked to the passage viewer', async () => {
    const res = await post('/api/ask', { question: 'ศูนย์ถ่ายทอดเทคโนโลยีจีน-อาเซียนจัดตั้งขึ้นเพื่ออะไร' });
    expect(res.status).toBe(200);
    const answer = await json(res);
    expect(answer).toMatchObject({ found: true, language: 'th', mode: 'extractive' });
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0].url).toMatch(/^\/documents\/[^/]+\/passages\/[0-9a-f]+$/u);
    const page = await fetch(`${base}${answer.citations[0].url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('class="passage highlight');
  });

  it('honours an explicit language choice', async () => {
    const answer = await json(await post('/api/ask', { question: 'Where was the 6th conference held?', lang: 'tet' }));
    expect(answer.language).toBe('tet');
  });

  it('rejects bad input with clear 4xx JSON errors', async () => {
    const cases: [Response, number, RegExp][] = [
      [await post('/api/ask', {}), 400, /"question" must be a non-empty string/u],
      [await post('/api/ask', { question: 42 }), 400, /"question" must be a non-empty string/u],
      [await post('/api/ask', { question: 'x'.repeat(2001) }), 400, /too long/u],
      [await post('/api/ask', { question: 'ok', lang: 'xx' }), 400, /"lang" must be one of/u],
      [await post('/api/ask', '{not json'), 400, /not valid JSON/u],
      [await post('/api/ask', '[1,2]'), 400, /JSON object/u],
      [await post('/api/ask', 'question=hi', { 'content-type': 'application/x-www-form-urlencoded' }), 415, /Content-Type: application\/json/u],
      [await post('/api/ask', { question: 'a'.repeat(20_000) }), 413, /larger than/u],
      [await fetch(`${base}/api/ask`), 405, /Use POST/u],
      [await fetch(`${base}/api/search`), 400, /"q" is required/u],
      [await fetch(`${base}/api/search?q=x&k=0`), 400, /"k" must be a whole number/u],
      [await fetch(`${base}/api/documents/nope`), 404, /No document "nope"/u],
      [await post('/api/feedback', { answerId: 'nope', helpful: true }), 404, /No answer/u],
      [await post('/api/feedback', { answerId: 'nope', helpful: 'yes' }), 400, /true or false/u],
      [await fetch(`${base}/api/nothing`), 404, /No route/u],
    ];
    for (const [res, status, message] of cases) {
      expect(res.status).toBe(status);
      const body = await json(res);
      expect(body.error.message).toMatch(message);
    }
  });

  it('searches, lists documents and returns one in full with its passages', async () => {
    const search = await json(await fetch(`${base}/api/search?q=${encodeURIComponent('海啸预警')}&k=3`));
    expect(search.results).toHaveLength(3);
    expect(search.results[0]).toMatchObject({ rank: 1, docId: '001_908ecc7ea2cc80d8', section: '四、重点领域 > （二）重点技术领域 > 4. 减灾防灾' });
    const list = await json(await fetch(`${base}/api/documents`));
    expect(list.documents.map((d: { id: string }) => d.id)).toEqual(runtime.index.documents.map((d) => d.document.meta.id));
    expect(list.documents[2]).toMatchObject({ date: '2023-07-13', script: 'zh-Hant' });
    const doc = await json(await fetch(`${base}/api/documents/004_e56b86e6f2a62c29`));
    expect(doc.text).toContain('科研合作平台是務實合作的重要載體');
    for (const p of doc.passages) expect(doc.text.slice(p.start, p.end)).toBe(p.text);
  });

  it('search page: matches marked, a cross-language search finds passages, nonsense says that nothing was found', async () => {
    const found = await (await fetch(`${base}/search?q=${encodeURIComponent('海啸预警')}`)).text();
    expect(found).toMatch(/<mark>海啸<\/mark>/u);
    const thai = await (await fetch(`${base}/search?q=${encodeURIComponent('ห้องปฏิบัติการร่วม')}`)).text();
    expect(thai).toContain('<ol class="results">');
    const nonsense = await (await fetch(`${base}/search?q=qwxzv%20plughy`, { headers: { 'accept-language': 'th' } })).text();
    expect(nonsense).not.toContain('<ol class="results">');
    expect(nonsense).toContain(runtime.i18n.t('th', 'web.noResultsFor', { query: 'qwxzv plughy' }).replace(/“|”/gu, (c) => c));
  });

    it('stores feedback on an answer', async () => {
    const answer = await json(await post('/api/ask', { question: 'Who funds the Partnership Program?' }));
    const res = await post('/api/feedback', { answerId: answer.id, helpful: false });
    expect(res.status).toBe(200);
    expect((await runtime.store.report()).feedback.notHelpful).toBeGreaterThanOrEqual(1);
  });

  it('protects the report with the admin token: header or log-in cookie, never the query string', async () => {
    const page = (headers: Record<string, string> = {}, path = '/report') => fetch(`${base}${path}`, { headers, redirect: 'manual' });
    expect((await page()).status).toBe(303);
    expect((await page()).headers.get('location')).toBe('/login');
    expect((await fetch(`${base}/api/report`)).status).toBe(401);
    // The token in the URL is not accepted (it would end up in logs and browser history).
    expect((await page({}, '/report?token=secret-token')).status).toBe(303);
    const report = await json(await fetch(`${base}/api/report`, { headers: { authorization: 'Bearer secret-token' } }));
    expect(report.total).toBeGreaterThan(0);
    const withHeader = await page({ authorization: 'Bearer secret-token' });
    expect(withHeader.status).toBe(200);
    expect(withHeader.headers.get('cache-control')).toBe('no-store');
    expect(await withHeader.text()).toMatch(/<svg class="chart"[^>]*role="img" aria-label="/u);

    // The log-in form sets an HttpOnly, SameSite cookie that is not the token itself.
    const login = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=secret-token', redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^admin_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\//u);
    expect(cookie).not.toContain('secret-token');
    expect((await page({ cookie: cookie.split(';')[0]! })).status).toBe(200);
    expect((await page({ cookie: 'admin_session=forged' })).status).toBe(303);
    const wrong = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=guess' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain(runtime.i18n.t('en', 'web.loginWrong'));
  });

  it('serves health, localized resources and the pages in the asker’s language', async () => {
    expect(await json(await fetch(`${base}/healthz`))).toMatchObject({ ok: true, documents: 5 });
    const th = await json(await fetch(`${base}/api/i18n/th`));
    expect(th.resources.web.ask).toBe(runtime.i18n.t('th', 'web.ask'));
    const page = await (await fetch(`${base}/documents`, { headers: { 'accept-language': 'vi-VN,vi;q=0.9' } })).text();
    expect(page).toContain(runtime.i18n.t('vi', 'web.documents'));
    const viewer = await (await fetch(`${base}/documents/003_61e2e90163225e43`)).text();
    expect(viewer).toContain('4 共建联合实验室，联合推进高水平科学研究和产业前沿共性关键技术的合作研发');
    expect(viewer).not.toMatch(/<script>alert/u);
    // Each passage beside its version in the reader's language, labelled as a translation.
    const khmer = await (await fetch(`${base}/documents/003_61e2e90163225e43?lang=km`)).text();
    const km = runtime.index.chunks.find((c) => c.text.startsWith('4 共建联合实验室'))!.translations.km!;
    expect(khmer).toContain(`<div class="version" lang="km"><span class="version-label" lang="km">${runtime.i18n.t('km', 'answer.translationOwnLabel')}</span><p>${km}`);
    const english = await (await fetch(`${base}/documents/003_61e2e90163225e43?lang=zh-Hans`)).text();
    expect(english).not.toContain('class="version"');
  });
});
