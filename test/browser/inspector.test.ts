// The statechart inspector in a real headless Chromium at 1280×800: the token form, the chart fitted to its pane, untrusted text kept as text, bad links.
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_ORDER } from '../../bots';
import { inbound } from '../server/host';
import { launchChromium, newPage, RESULTS_DIR, signIn, VIEWPORT, watch } from './browser';
import { startInspectorHost, type InspectorHost } from './host';

const TOKEN = 'inspector-test-token';
const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const TOP_LEVEL = ['lead', 'buyer', 'seller', 'escalated', 'optedOut'];
const IMG_PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT_PAYLOAD = '<script>window.__xss=2</script> hello, is this the house on Elm?';

let host: InspectorHost;
let browser: Browser;
/** Signed in once in beforeAll: every page of this context works without entering the token again. */
let context: BrowserContext;

beforeAll(async () => {
  host = await startInspectorHost({ adminToken: TOKEN });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: VIEWPORT });
  const { page } = await newPage(context);
  await signIn(page, host.url, TOKEN);
  await page.close();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await host?.close();
});

async function post(contactId: string, messageId: string, body: string, at: number): Promise<void> {
  const res = await fetch(`${host.url}/webhooks/ghl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(inbound({ contactId, messageId, body, dateAdded: new Date(at).toISOString() })),
  });
  expect(res.status).toBe(200);
}

async function openInspector(hash = '') {
  const watched = await newPage(context);
  const response = await watched.page.goto(`${host.url}/inspect${hash}`);
  expect(response?.status()).toBe(200);
  await watched.page.waitForSelector('#chart');
  return watched;
}

describe('the inspector behind ADMIN_TOKEN', () => {
  it('refuses the page, its assets and its API without the token, and answers an API client in JSON', async () => {
    for (const path of ['/inspect', '/inspect/inspector.js', '/inspect/layout.json', '/inspect/api/contacts', '/inspect/contacts/x']) {
      const res = await fetch(`${host.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const forged = await fetch(`${host.url}/inspect/api/contacts`, { headers: { cookie: 'baton_inspect=forged' } });
    expect(forged.status).toBe(401);
  });

  it('works in a fresh browser after entering the token once in the page: no token in any URL, an HttpOnly session cookie', async () => {
    const fresh = await browser.newContext({ viewport: VIEWPORT });
    const { page, problems } = await newPage(fresh);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${host.url}/inspect`);
    expect(await page.locator('#chart').count()).toBe(0);
    await page.fill('#token', 'not-the-admin-token-at-all');
    await page.click('#login-form button[type=submit]');
    await page.waitForFunction("document.getElementById('login-error').textContent !== ''", null, { timeout: 5_000 });
    expect(await page.locator('#chart').count()).toBe(0);

    await signIn(page, host.url, TOKEN);
    const second = await fresh.newPage();
    await second.goto(`${host.url}/inspect`);
    await second.waitForSelector('#chart');
    expect(urls.some((u) => u.includes(TOKEN))).toBe(false);
    const [cookie] = await fresh.cookies(`${host.url}/inspect`);
    expect(cookie).toMatchObject({ name: 'baton_inspect', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(TOKEN);
    expect(problems).toEqual([]);
    await fresh.close();
  });

  it('sends a Content-Security-Policy without unsafe-inline, and the page keeps working under it', async () => {
    const { page, problems } = await newPage(context);
    const response = await page.goto(`${host.url}/inspect`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('#state-filter option').count()).toBe(TOP_LEVEL.length + 1);
    expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
    await page.close();
  });
});

describe('the chart', () => {
  it('draws every top-level state and sub-state, fits the whole chart in its pane at 1280×800, with a legend', async () => {
    const { page, problems } = await openInspector();
    const pane = await page.locator('#chart-pane').boundingBox();
    const chart = await page.locator('#chart').boundingBox();
    expect(pane).not.toBeNull();
    expect(chart).not.toBeNull();
    if (pane === null || chart === null) return;
    for (const state of TOP_LEVEL) {
      const box = page.locator(`#chart [data-state-id="conversation.${state}"]`);
      expect(await box.isVisible(), state).toBe(true);
      expect(await box.locator('text.state-title').textContent()).toBe(state);
      const rect = await box.locator('rect').first().boundingBox();
      expect(rect, state).not.toBeNull();
      if (rect === null) continue;
      // Inside the pane and inside the 1280×800 window: nothing to scroll to.
      expect(rect.x, state).toBeGreaterThanOrEqual(pane.x - 1);
      expect(rect.y, state).toBeGreaterThanOrEqual(pane.y - 1);
      expect(rect.x + rect.width, state).toBeLessThanOrEqual(pane.x + pane.width + 1);
      expect(rect.y + rect.height, state).toBeLessThanOrEqual(Math.min(pane.y + pane.height, VIEWPORT.height) + 1);
    }
    for (const bot of ['lead', 'buyer', 'seller'] as const) {
      for (const sub of [...QUESTION_ORDER[bot], 'qualified']) {
        const box = page.locator(`#chart [data-state-id="conversation.${bot}.${sub}"]`);
        expect(await box.isVisible(), `${bot}.${sub}`).toBe(true);
        expect(await box.locator('text.state-label').textContent()).toBe(sub);
      }
    }
    expect(await page.locator('#chart .edge[data-source="conversation.lead"][data-target="conversation.buyer"] path').count()).toBe(1);
    expect(await page.locator('#legend li').allTextContents()).toEqual([
      "watched contact's state",
      'its last transition / deciding guard',
      'eventless (always)',
      '12contacts in the state now',
    ]);
    await page.screenshot({ path: join(RESULTS_DIR, 'inspector-fit-1280x800.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lists a bot state's MESSAGE_RECEIVED transitions in the chart's guard order", async () => {
    const { page } = await openInspector();
    const rows = await page.locator('#chart [data-state-id="conversation.lead"] > text').allTextContents();
    const start = rows.indexOf('MESSAGE_RECEIVED');
    expect(rows.slice(start + 1, start + 12).map((row) => row.trim())).toEqual([
      '1 asksToStop → optedOut',
      '2 asksForHuman → escalated',
      '3 asksForHelp · stay',
      '4 lacksHandoffIntent · stay',
      '5 belowThreshold · stay',
      '6 chainTooDeep → escalated',
      '7 rateLimited · stay',
      '8 onCooldown · stay',
      '9 targetUnhealthy · stay',
      '10 intentTargets → buyer',
      '11 intentTargets → seller',
    ]);
    await page.close();
  });

  it('shows how many contacts sit in each state, from the contact list', async () => {
    await post('count-1', 'c-1', 'hello', START);
    await post('count-2', 'c-2', 'hello', START);
    const { page } = await openInspector();
    const res = await fetch(`${host.url}/v1/contacts?limit=200`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { counts } = (await res.json()) as { counts: Record<string, number> };
    await page.waitForFunction(`document.querySelector('[data-count-for="conversation.lead"]').textContent === '${String(counts['lead'])}'`, null, { timeout: 5_000 });
    expect(await page.locator('#contacts li[data-contact="count-1"]').count()).toBe(1);
    await page.fill('#contact-search', 'count-2');
    expect(await page.locator('#contacts li[data-contact="count-1"]').isHidden()).toBe(true);
    await page.close();
  });
});

describe('untrusted text and bad links', () => {
  it('shows an SMS body with HTML in it as text: escaped in the DOM and never executed', async () => {
    const contactId = 'inspect-xss-1';
    await post(contactId, 'x-1', IMG_PAYLOAD, START);
    await post(contactId, 'x-2', SCRIPT_PAYLOAD, START + 60_000);
    const { page, problems } = await openInspector();
    await watch(page, contactId);
    await page.waitForSelector('#messages li .text', { timeout: 10_000 });
    const texts = await page.locator('#messages li.msg span.text').allTextContents();
    expect(texts).toEqual(expect.arrayContaining([IMG_PAYLOAD, SCRIPT_PAYLOAD]));
    expect(await page.locator('#messages img, #journal img, #messages script, #journal script').count()).toBe(0);
    expect(await page.locator('#journal').innerHTML()).toContain('&lt;img src=x');
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses an HTML payload as a contact id, typed or in the #contact= link, as text and without running it', async () => {
    const { page, problems } = await openInspector(`#contact=${encodeURIComponent(IMG_PAYLOAD)}`);
    await page.waitForSelector('#status.error');
    expect(await page.locator('#status').textContent()).toContain('is not a contact id');
    expect(await page.locator('#status').textContent()).toContain(IMG_PAYLOAD);
    await watch(page, '<svg onload=alert(1)>');
    expect(await page.locator('#status').textContent()).toContain('<svg onload=alert(1)>');
    expect(await page.locator('#status img, #status svg').count()).toBe(0);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows an error for a malformed #contact= fragment instead of breaking, and the page still works', async () => {
    await post('after-bad-link', 'b-1', 'hello', START);
    const { page, problems } = await openInspector('#contact=%E0%A4%A');
    await page.waitForSelector('#status.error');
    expect(await page.locator('#status').textContent()).toContain('not valid percent-encoding');
    await watch(page, 'after-bad-link');
    await page.waitForSelector('#chart [data-state-id="conversation.lead"].active', { timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says the contact does not exist, and highlights nothing, for an unknown contact id', async () => {
    const { page } = await openInspector();
    await watch(page, 'nobody-here-1');
    await page.waitForSelector('#status.error', { timeout: 10_000 });
    expect(await page.locator('#status').textContent()).toContain('contact nobody-here-1 not found');
    expect(await page.locator('#chart .state.active').count()).toBe(0);
    await page.close();
  });
});
