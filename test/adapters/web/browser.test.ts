import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineRuntime } from '../../helpers/runtime.js';
import { startWeb } from '../../helpers/web.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: Server;
let base = '';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run does this).`);
  ({ server, base } = await startWeb(await offlineRuntime()));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('the web console in headless Chromium', () => {
  it('answers a Thai question in Thai, and citation [1] opens the highlighted passage', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}/`);
    await page.fill('#question', 'อยากทราบว่าหลักการ "ขับเคลื่อนด้วยความต้องการ" ของแผนหุ้นส่วนวิทยาศาสตร์จีน-อาเซียนเขียนไว้ว่าอย่างไร');
    await page.click('#send');
    const reply = page.locator('.msg.bot:not(.pending)').last();
    await reply.waitFor({ timeout: 15_000 });
    const text = await reply.locator('.text').innerText();
    expect(text).toMatch(/[\u0e00-\u0e7f]/u);
    expect(await reply.locator('.text').getAttribute('lang')).toBe('th');
    expect(await reply.locator('.sources li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/chat-thai.png', fullPage: true }).catch(() => undefined);
    const cited = await reply.locator('.text a.cite').first().getAttribute('href');
    await reply.locator('.text a.cite').first().click();
    await page.waitForURL(`**${cited}`);
    const highlighted = page.locator('.passage.highlight');
    await expect.poll(() => highlighted.count()).toBe(1);
    expect(await highlighted.isVisible()).toBe(true);
    expect(await highlighted.innerText()).toContain('需求导向');
    await page.screenshot({ path: 'test-results/passage.png' }).catch(() => undefined);
    await page.close();
  });

  it('localizes the interface when a language is picked, and remembers the choice', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.selectOption('#lang', 'vi');
    await expect.poll(() => page.locator('#send').innerText()).toBe('Hỏi');
    await page.reload();
    await expect.poll(() => page.locator('#send').innerText()).toBe('Hỏi');
    await page.close();
  });
});
