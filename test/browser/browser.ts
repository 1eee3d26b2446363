// Headless Chromium for the browser suite: launch, a page that records errors and dialogs, the token form filled once per browser context.
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The target screen. */
export const VIEWPORT = { width: 1280, height: 800 };

/** Screenshots land here (git-ignored). */
export const RESULTS_DIR = 'test-results';

export function findChromium(): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin'];
  for (const dir of dirs) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error('no Chromium binary on PATH: apt-get install -y chromium');
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught errors, console errors and any alert/confirm/prompt dialog (an executed XSS payload would open one). */
  problems: string[];
}

export async function newPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A 401/404 answer is logged by Chromium as a failed resource load: the page handles those itself.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, problems };
}

/** Opens /inspect, enters the admin token in the page's form (once per context), and waits for the chart. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/inspect`);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#chart', { timeout: 10_000 });
}

/** Watches a contact through the page's own form. */
export async function watch(page: Page, contactId: string): Promise<void> {
  await page.fill('#contact-id', contactId);
  await page.click('#contact-form button[type=submit]');
}
