// The statechart inspector in a real headless Chromium: the chart, a live handoff highlighted, a contact's text shown escaped.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTION_ORDER } from '../../bots';
import { inbound } from '../server/host';
import { startInspectorHost, type InspectorHost } from './host';

const TOKEN = 'inspector-test-token';
const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const TOP_LEVEL = ['lead', 'buyer', 'seller', 'escalated', 'optedOut'];
const SCRIPT_TEXT = '<script>window.__injected = true</script> hello, is this the house on Elm?';

function findChromium(): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin'];
  for (const dir of dirs) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error('no Chromium binary on PATH: apt-get install -y chromium');
}

let host: InspectorHost;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const executablePath = findChromium();
  host = await startInspectorHost(TOKEN);
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  // The admin token travels on every request, as an authenticating proxy in front of the host would add it.
  context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
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

async function openInspector(): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const response = await page.goto(`${host.url}/inspect`);
  expect(response?.status()).toBe(200);
  return { page, problems };
}

const stateTexts = (page: Page, id: string) => page.locator(`#chart [data-state-id="${id}"] text`).allTextContents();

describe('the statechart inspector page', () => {
  it('refuses the page without the admin token', async () => {
    const res = await fetch(`${host.url}/inspect`);
    expect(res.status).toBe(401);
  });

  it('draws every top-level state and every bot qualification sub-state as a labelled SVG box', async () => {
    const { page, problems } = await openInspector();
    for (const state of TOP_LEVEL) {
      const box = page.locator(`#chart [data-state-id="conversation.${state}"]`);
      expect(await box.isVisible()).toBe(true);
      expect((await stateTexts(page, `conversation.${state}`))[0]).toBe(state);
    }
    for (const bot of ['lead', 'buyer', 'seller'] as const) {
      for (const sub of [...QUESTION_ORDER[bot], 'qualified']) {
        const box = page.locator(`#chart [data-state-id="conversation.${bot}.${sub}"]`);
        expect(await box.isVisible(), `${bot}.${sub}`).toBe(true);
        expect(await box.locator('text.state-label').textContent()).toBe(sub);
      }
    }
    // Handoff edges are drawn between the bot boxes.
    expect(await page.locator('#chart .edge[data-source="conversation.lead"][data-target="conversation.buyer"] path').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lists a bot state's MESSAGE_RECEIVED transitions in the chart's guard order", async () => {
    const { page } = await openInspector();
    const rows = await stateTexts(page, 'conversation.lead');
    const start = rows.indexOf('MESSAGE_RECEIVED');
    // A parameter naming the state a transition leaves or enters is said by the arrow, not repeated.
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

  it('follows a contact live: the buyer box lights up after a lead→buyer handoff and the decision panel says handoff', async () => {
    const contactId = 'inspect-live-1';
    const { page, problems } = await openInspector();
    await post(contactId, 'm-1', SCRIPT_TEXT, START);
    await page.fill('#contact-id', contactId);
    await page.click('button[type=submit]');
    await page.waitForSelector('#chart [data-state-id="conversation.lead"].active', { timeout: 10_000 });
    expect(await page.locator('#decision-kind').textContent()).not.toBe('handoff');

    // The page polls: the handoff shows up without reloading or re-submitting.
    await post(contactId, 'm-2', "We're pre-approved and looking to buy", START + 60_000);
    await page.waitForSelector('#chart [data-state-id="conversation.buyer"].active', { timeout: 10_000 });
    expect(await page.locator('#decision-kind').textContent()).toBe('handoff');
    expect(await page.locator('#decision-reason').textContent()).toBe('handoff');
    expect(await page.locator('#chart [data-state-id="conversation.lead"]').getAttribute('class')).not.toContain('active');

    const view = await host.engine.view(contactId);
    expect(view?.bot).toBe('buyer');
    const sub = Object.values((view?.stateValue ?? {}) as Record<string, string>)[0];
    expect(await page.locator(`#chart [data-state-id="conversation.buyer.${sub}"]`).getAttribute('class')).toContain('active');
    expect(await page.locator('#chart .state.active').count()).toBe(2);
    expect(await page.locator('#handoffs li').first().textContent()).toContain('lead → buyer');
    expect(await page.locator('#journal li').count()).toBe(2);

    await page.screenshot({ path: '/tmp/inspector.png', fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a contact's <script> text as text: escaped in the DOM and never executed", async () => {
    const contactId = 'inspect-xss-1';
    await post(contactId, 'x-1', SCRIPT_TEXT, START);
    const { page } = await openInspector();
    await page.fill('#contact-id', contactId);
    await page.click('button[type=submit]');
    await page.waitForSelector('#messages li .text', { timeout: 10_000 });
    const shown = page.locator('#messages li .text').first();
    expect(await shown.textContent()).toBe(SCRIPT_TEXT);
    expect(await shown.innerHTML()).toContain('&lt;script&gt;');
    expect(await page.locator('#messages script').count()).toBe(0);
    expect(await page.evaluate('typeof window.__injected')).toBe('undefined');
    await page.close();
  });

  it('says the contact does not exist, and highlights nothing, for an unknown contact id', async () => {
    const { page } = await openInspector();
    await page.fill('#contact-id', 'nobody-here-1');
    await page.click('button[type=submit]');
    await page.waitForSelector('#status.error', { timeout: 10_000 });
    expect(await page.locator('#status').textContent()).toContain('contact nobody-here-1 not found');
    expect(await page.locator('#chart .state.active').count()).toBe(0);
    await page.close();
  });

  it('serves the laid-out graph as JSON with a routed path for every drawn edge', async () => {
    const res = await fetch(`${host.url}/inspect/layout.json`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const layout = (await res.json()) as { nodes: Array<{ id: string; width: number }>; edges: Array<{ id: string; points: unknown[] }> };
    expect(layout.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(TOP_LEVEL.map((s) => `conversation.${s}`)));
    expect(layout.nodes.every((n) => n.width > 0)).toBe(true);
    expect(layout.edges.length).toBeGreaterThan(0);
    expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);
  });
});
