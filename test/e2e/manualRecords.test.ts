// Text that people type into records kept by hand, shown by the dashboard in a real browser
// (Chromium via playwright-core): markup and SQL in every text field appear as the text they are,
// never as elements or script, on the project page and in search results.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { type RunningServer, startServe } from '../support/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const dir = temporaryDir('devfin-web-records-');
const store = path.join(dir, 'store.sqlite');
const HOSTILE = `Research <img src=x onerror="window.__hit=1"><script>window.__hit=2</script> '); drop table activity; --`;

let server: RunningServer;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const file = path.join(dir, 'record.json');
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'advisory',
      id: 'KZ-JERP',
      title: HOSTILE,
      description: `Objective: ${HOSTILE}`,
      financier: `Bank ${HOSTILE}`,
      countries: ['KZ'],
      status: 'active',
      approvalDate: '2020-01-01',
      commitment: { amount: '1000000', currency: 'USD' },
    }),
  );
  const added = await runDevfin(['records', 'add', file, '--db', store]);
  expect(added.code, added.stderr).toBe(0);
  server = await startServe(['--db', store]);
  browser = await chromium.launchPersistentContext(temporaryDir('devfin-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale: 'en-US',
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('records kept by hand in the dashboard', () => {
  it('shows their text as text on the project page and in search results', async () => {
    await page.goto(`${server.url}/project/KZ-JERP`);
    await page.waitForSelector('main:not([aria-busy]) h1');
    expect(await page.locator('h1').textContent()).toBe(HOSTILE);
    expect(await page.locator('main').textContent()).toContain(`Bank ${HOSTILE}`);
    await page.goto(`${server.url}/search?q=research`);
    await page.waitForSelector('main:not([aria-busy]) h1');
    await page.waitForSelector('a[href="/project/KZ-JERP"]');
    const row = page.locator('tr', { has: page.locator('a[href="/project/KZ-JERP"]') }).first();
    expect(await row.textContent()).toContain(HOSTILE);
    expect(await page.evaluate(() => (globalThis as unknown as { __hit?: number }).__hit)).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
