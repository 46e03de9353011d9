/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/runtime.js';
import { offlineRuntime } from '../../helpers/runtime.js';
import { startWeb } from '../../helpers/web.js';

// The web console as a user meets it, in headless Chromium at a desktop and a phone size. Screenshots of every
// page at both sizes go to test-results/.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SIZES = { desktop: { width: 1366, height: 900 }, mobile: { width: 390, height: 844 } } as const;
let runtime: Runtime;
let base = '';
let close: () => Promise<void> = async () => undefined;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run does this).`);
  mkdirSync('test-results', { recursive: true });
  runtime = await offlineRuntime();
  ({ base, close } = await startWeb(runtime, { adminToken: 'browser-token' }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await close();
});

async function open(size: keyof typeof SIZES, options: { locale?: string; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: SIZES[size], locale: options.locale ?? 'en-US', bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  return { context, page };
}

async function chat(page: Page, path = '/'): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator('body[data-ready="true"]').waitFor();
}

async function askIn(page: Page, question: string): Promise<void> {
  const before = await page.locator('.msg.bot:not(.pending):not(.welcome)').count();
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await expect.poll(() => page.locator('.msg.bot:not(.pending):not(.welcome)').count(), { timeout: 15_000 }).toBe(before + 1);
}

/** Whether the element's top is inside the conversation's visible area (above the form). */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = [...document.querySelectorAll(sel)].at(-1)!;
    const log = document.getElementById('log')!.getBoundingClientRect();
    const form = document.getElementById('ask')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.top >= log.top - 1 && r.top < Math.min(log.bottom, form.top) && r.top < window.innerHeight && form.bottom <= window.innerHeight + 1;
  }, selector);
}

describe('the web console in headless Chromium', () => {
  for (const size of ['desktop', 'mobile'] as const) {
    it(`keeps the newest question and answer in view above the form (${size})`, async () => {
      const { context, page } = await open(size);
      await chat(page);
      expect(await page.locator('.msg.welcome .suggestion').count()).toBe(3);
      await page.screenshot({ path: `test-results/chat-welcome-${size}.png` });
      for (const q of ['What are the priority fields of the partnership program?', 'Where was the 6th China-ASEAN technology transfer conference held?', 'How can Thai universities take part in joint laboratories?', 'What does item 4 of the Innovation Road initiative say?']) {
        await askIn(page, q);
        expect(await inView(page, '.msg.user'), q).toBe(true);
        expect(await inView(page, '.msg.bot'), q).toBe(true);
      }
      await page.screenshot({ path: `test-results/chat-${size}.png` });
      await context.close();
    });
  }

  it('keeps the conversation across a reload and a visit to a document, and starts a new one on request', async () => {
    const { context, page } = await open('desktop');
    await chat(page);
    await askIn(page, 'Where was the 6th China-ASEAN technology transfer conference held?');
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('.msg.user').count()).toBe(1);
    await page.click('header nav a[href="/documents"]');
    await page.goBack();
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('.msg.user').count()).toBe(1);
    await page.click('#new-chat');
    expect(await page.locator('.msg.user').count()).toBe(0);
    expect(await page.locator('.msg.welcome').count()).toBe(1);
    await context.close();
  });

  it('answers a follow-up against the previous turn, and offers the next item as a suggestion', async () => {
    const { context, page } = await open('desktop');
    await chat(page);
    await askIn(page, 'What does item 4 of the Innovation Road initiative say?');
    const first = page.locator('.msg.bot').last();
    expect(await first.locator('.text').innerText()).toContain('4 共建联合实验室');
    await first.locator('button.suggestion', { hasText: runtime.i18n.t('en', 'followUp.nextItem') }).click();
    await expect.poll(() => page.locator('.msg.bot:not(.pending):not(.welcome)').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('.msg.bot').last().locator('.text').innerText()).toContain('5 开展科技园区合作');
    await askIn(page, 'say that in Thai');
    const thai = page.locator('.msg.bot').last().locator('.text');
    expect(await thai.getAttribute('lang')).toBe('th');
    expect(await thai.innerText()).toContain('5 开展科技园区合作');
    // The Chinese quote inside the Thai reply is marked as Chinese.
    expect(await thai.locator('span[lang^="zh"]', { hasText: '开展科技园区合作' }).count()).toBeGreaterThan(0);
    await context.close();
  });

  it('opens a citation beside the chat with the original and the reader’s version, and the document page leads back', async () => {
    const { context, page } = await open('desktop');
    await page.goto(`${base}/?lang=th`);
    await page.locator('body[data-ready="true"]').waitFor();
    await askIn(page, 'อยากทราบว่าหลักการ "ขับเคลื่อนด้วยความต้องการ" ของแผนหุ้นส่วนวิทยาศาสตร์จีน-อาเซียนเขียนไว้ว่าอย่างไร');
    const reply = page.locator('.msg.bot').last();
    expect(await reply.locator('.text').getAttribute('lang')).toBe('th');
    await reply.locator('.text a.cite').first().click();
    const panel = page.locator('#panel');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.locator('blockquote').getAttribute('lang')).toBe('zh-Hans');
    expect(await panel.locator('blockquote').innerText()).toContain('需求导向');
    expect(await panel.locator('.version').getAttribute('lang')).toBe('th');
    await page.screenshot({ path: 'test-results/chat-panel-desktop.png' });
    const link = panel.locator('a[target="_blank"]');
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    expect(await tab.locator('.passage.highlight').innerText()).toContain('需求导向');
    expect(await tab.locator('.back a[href="/"]').count()).toBe(1);
    await tab.screenshot({ path: 'test-results/passage-desktop.png' });
    await page.keyboard.press('Escape');
    expect(await panel.isHidden()).toBe(true);
    await context.close();
  });

  it('says what went wrong in the reader’s language, keeps the question, and retries', async () => {
    const { context, page } = await open('mobile', { locale: 'vi-VN' });
    await chat(page);
    expect(await page.locator('#send').innerText()).toBe(runtime.i18n.t('vi', 'web.ask'));
    await page.route('**/api/ask', (route) => route.abort('connectionrefused'));
    const question = 'Hội nghị chuyển giao công nghệ Trung Quốc - ASEAN lần thứ 6 được tổ chức ở đâu?';
    await page.fill('#question', question);
    await page.press('#question', 'Enter');
    const error = page.locator('.msg.error');
    await error.waitFor();
    expect(await error.locator('p').innerText()).toBe(runtime.i18n.t('vi', 'web.errorNetwork'));
    expect(await page.inputValue('#question')).toBe(question);
    await page.screenshot({ path: 'test-results/chat-error-mobile.png' });
    await page.unroute('**/api/ask');
    await error.locator('button.retry').click();
    await expect.poll(() => page.locator('.msg.bot:not(.pending):not(.welcome):not(.error)').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.msg.bot .text').last().getAttribute('lang')).toBe('vi');
    // A server that answers with an HTML error page is a server error, in Vietnamese too.
    await page.route('**/api/ask', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' }));
    await page.fill('#question', question);
    await page.press('#question', 'Enter');
    await expect.poll(() => page.locator('.msg.error p').last().innerText()).toBe(runtime.i18n.t('vi', 'web.errorServer'));
    await context.close();
  });

  it('sends once however often Enter is pressed, counts long pastes, and says so for an empty question', async () => {
    const { context, page } = await open('desktop');
    await chat(page);
    let requests = 0;
    await page.route('**/api/ask', async (route) => {
      requests++;
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.fill('#question', 'Where was the 6th China-ASEAN technology transfer conference held?');
    for (let i = 0; i < 4; i++) await page.press('#question', 'Enter');
    await expect.poll(() => page.locator('.msg.bot:not(.pending):not(.welcome)').count(), { timeout: 15_000 }).toBe(1);
    expect(requests).toBe(1);
    expect(await page.locator('.msg.user').count()).toBe(1);
    await page.fill('#question', 'word '.repeat(600));
    expect(await page.locator('#count').innerText()).toBe(runtime.i18n.t('en', 'web.counter', { count: 3000, max: 2000 }));
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#hint').innerText()).toBe(runtime.i18n.t('en', 'web.errorTooLong', { max: 2000 }));
    await page.fill('#question', '    ');
    await page.press('#question', 'Enter');
    expect(await page.locator('#hint').innerText()).toBe(runtime.i18n.t('en', 'web.errorEmpty'));
    expect(await page.locator('.msg.user').count()).toBe(1);
    await context.close();
  });

  it('copies an answer with its sources, and takes a changeable vote with a comment, keeping focus', async () => {
    const { context, page } = await open('desktop');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await chat(page);
    await askIn(page, 'Where was the 6th China-ASEAN technology transfer conference held?');
    const reply = page.locator('.msg.bot').last();
    await reply.locator('button.copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(await reply.locator('.text').innerText().then((t) => t.split('\n')[0]!));
    expect(copied).toMatch(/\[1\] .+ http:\/\/127\.0\.0\.1:\d+\/documents\/[^/]+\/passages\/[0-9a-f]+/u);
    const [up, down] = [reply.locator('button.vote').nth(0), reply.locator('button.vote').nth(1)];
    await up.click();
    await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
    await down.click();
    await expect.poll(() => down.getAttribute('aria-pressed')).toBe('true');
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('vote'))).toBe(true);
    await reply.locator('form.comment textarea').fill('The venue is right, but please add the dates.');
    await reply.locator('form.comment button').click();
    await expect.poll(() => reply.locator('.tool-status').innerText()).toBe(runtime.i18n.t('en', 'web.commentThanks'));
    expect((await runtime.store.report()).comments).toContainEqual({ helpful: false, comment: 'The venue is right, but please add the dates.' });
    await context.close();
  });

  it('renders Khmer, Burmese, Tamil and Chinese with the shipped fonts', async () => {
    const { context, page } = await open('desktop');
    for (const [lang, family] of [['km', 'Noto Sans Khmer'], ['my', 'Noto Sans Myanmar'], ['ta', 'Noto Sans Tamil'], ['zh-Hant', 'Noto Sans TC'], ['lo', 'Noto Sans Lao']] as const) {
      await page.goto(`${base}/documents/003_61e2e90163225e43?lang=${lang}`);
      await page.evaluate(() => document.fonts.ready);
      const loaded = await page.evaluate(async (f) => {
        await document.fonts.ready;
        return [...document.fonts].filter((face) => face.family.replace(/"/gu, '') === f && face.status === 'loaded').length;
      }, family);
      expect(loaded, `${lang}: ${family}`).toBeGreaterThan(0);
      await page.screenshot({ path: `test-results/document-${lang}-desktop.png` });
    }
    await context.close();
  });

  it('has no serious or critical accessibility violations (axe-core) on any page, at both sizes', async () => {
    for (const size of ['desktop', 'mobile'] as const) {
      const { context, page } = await open(size, { bypassCSP: true });
      await context.addCookies([{ name: 'admin_session', value: 'x', url: base }]);
      const pages: [string, (p: Page) => Promise<void>][] = [
        ['chat', async (p) => { await chat(p, '/?lang=km'); await askIn(p, 'ចំណុចទី 4 នៃគំនិតផ្តួចផ្តើមផ្លូវនវានុវត្តន៍និយាយអ្វី'); }],
        ['documents', async (p) => void (await p.goto(`${base}/documents`))],
        ['document', async (p) => void (await p.goto(`${base}/documents/003_61e2e90163225e43?lang=th`))],
        ['search', async (p) => void (await p.goto(`${base}/search?q=${encodeURIComponent('joint laboratory')}`))],
        ['search-empty', async (p) => void (await p.goto(`${base}/search?q=qwxzv`))],
        ['login', async (p) => void (await p.goto(`${base}/login`))],
        ['report', async (p) => {
          await p.goto(`${base}/login`);
          await p.fill('#token', 'browser-token');
          await p.click('form.login button');
          await p.waitForURL('**/report');
        }],
      ];
      for (const [name, visit] of pages) {
        await visit(page);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        });
        expect(violations, `${name} (${size})`).toEqual([]);
        await page.screenshot({ path: `test-results/${name}-${size}.png`, fullPage: name !== 'chat' });
      }
      await context.close();
    }
  });
});
