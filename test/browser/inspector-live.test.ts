// The inspector following contacts live in a real headless Chromium: the playground, time travel, a cooldown, and two hosts on one Redis.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { inbound } from '../server/host';
import { intentFor } from '../support/attempts';
import { freshRedisDatabase } from '../support/redis-host';
import { scriptedClassifier } from '../support/scripted-classifier';
import { launchChromium, newPage, RESULTS_DIR, signIn, VIEWPORT, watch } from './browser';
import { startInspectorHost, startRedisInspectorHosts, type InspectorHost } from './host';

const TOKEN = 'inspector-live-token';
const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const HELLO = 'Hi there, saw your listing';
const BUY = "We're pre-approved and looking to buy";
const SELL = 'Actually I need to sell my place first';
/** The bound for a message handled by one host to show on a page served by another. */
const CROSS_HOST_MS = 2_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function post(url: string, contactId: string, messageId: string, body: string, at: number): Promise<void> {
  const res = await fetch(`${url}/webhooks/ghl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(inbound({ contactId, messageId, body, dateAdded: new Date(at).toISOString() })),
  });
  expect(res.status).toBe(200);
}

const active = (page: Page, state: string) => page.waitForSelector(`#chart [data-state-id="conversation.${state}"].active`, { timeout: 10_000 });

describe('one host (memory store, scripted intents)', () => {
  let host: InspectorHost;
  let context: BrowserContext;
  beforeAll(async () => {
    host = await startInspectorHost({
      adminToken: TOKEN,
      classify: scriptedClassifier({ [BUY]: intentFor('buyer', 0.92, 'buyer.preapproval'), [SELL]: intentFor('seller', 0.95, 'seller.first') }),
    });
    context = await browser.newContext({ viewport: VIEWPORT });
  });
  afterAll(async () => {
    await context?.close();
    await host?.close();
  });

  it('moves the highlight from lead to buyer for playground messages, pushed by the server without a reload, and steps back in time', async () => {
    const { page, problems } = await newPage(context);
    await signIn(page, host.url, TOKEN);
    await page.fill('#playground-contact', 'playground-1');
    await page.fill('#playground-text', HELLO);
    await page.click('#playground-form button[type=submit]');
    await active(page, 'lead');
    await page.waitForSelector('#status[data-live="on"]', { timeout: 10_000 });
    await page.evaluate('window.__samePage = true');

    await page.fill('#playground-text', BUY);
    await page.click('#playground-form button[type=submit]');
    await active(page, 'buyer');
    expect(await page.evaluate('window.__samePage')).toBe(true);
    expect(await page.locator('#chart [data-state-id="conversation.lead"]').getAttribute('class')).not.toContain('active');
    await page.waitForSelector('#chart .edge.taken[data-source="conversation.lead"][data-target="conversation.buyer"]', { timeout: 5_000 });
    expect(await page.locator('#chart .edge.taken').count()).toBe(1);
    expect(await page.locator('#decision-kind').textContent()).toBe('handoff');
    await page.waitForSelector('#guards tbody tr[data-guard="health"]', { timeout: 5_000 });
    expect(await page.locator('#guards tbody tr td:last-child').allTextContents()).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    await page.screenshot({ path: join(RESULTS_DIR, 'inspector-playground-handoff.png') });

    // Back one step: the state and decision of version 1.
    const journal = (await (await fetch(`${host.url}/v1/contacts/playground-1/journal`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
      entries: Array<{ version: number; decision: { kind: string; reason: string } }>;
    };
    const first = journal.entries.find((e) => e.version === 1);
    await page.click('#step-back');
    await page.waitForSelector('#version-label[data-state^="lead"]', { timeout: 5_000 });
    expect(await page.locator('#version-label').textContent()).toContain('version 1 of 2');
    await active(page, 'lead');
    expect(await page.locator('#chart [data-state-id="conversation.buyer"]').getAttribute('class')).not.toContain('active');
    expect(await page.locator('#decision-kind').textContent()).toBe(first?.decision.kind);
    expect(await page.locator('#decision-reason').textContent()).toBe(first?.decision.reason);
    expect(await page.locator('#guards tbody').textContent()).toContain('no handoff was asked for');
    expect(await page.locator('#context').textContent()).toContain('"messageCount": 1');
    await page.screenshot({ path: join(RESULTS_DIR, 'inspector-time-travel-v1.png') });

    await page.click('#go-live');
    await page.waitForSelector('#version-label[data-state^="buyer"]', { timeout: 5_000 });
    await active(page, 'buyer');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a blocked handoff as "cooldown" with the time remaining, in the decision and in the guard table', async () => {
    const id = 'cooldown-1';
    await post(host.url, id, 'c-1', HELLO, START);
    await post(host.url, id, 'c-2', BUY, START + 60_000);
    // 20 s after the handoff: a second handoff must wait until the contact has read the new bot (settle, 1 min).
    await post(host.url, id, 'c-3', SELL, START + 80_000);
    const { page, problems } = await newPage(context);
    await page.goto(`${host.url}/inspect`);
    await watch(page, id);
    await page.waitForSelector('#decision-remaining', { timeout: 10_000 });
    expect(await page.locator('#decision-reason').textContent()).toBe('cooldown');
    expect(await page.locator('#decision-remaining').textContent()).toContain('40 s remaining');
    await page.waitForSelector('#guards tbody tr.decided', { timeout: 5_000 });
    expect(await page.locator('#guards tbody tr.decided').getAttribute('data-guard')).toBe('cooldown');
    expect(await page.locator('#guards tbody tr.decided').textContent()).toContain('40 s remaining');
    expect(await page.locator('#chart [data-state-id="conversation.buyer"] text.taken').textContent()).toContain('onCooldown');
    await page.screenshot({ path: join(RESULTS_DIR, 'inspector-cooldown.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('two hosts on one Redis', () => {
  let hosts: { a: string; b: string; close(): Promise<void> };
  let context: BrowserContext;
  beforeAll(async () => {
    hosts = await startRedisInspectorHosts(await freshRedisDatabase(inject('redisUrl'), 13), TOKEN);
    context = await browser.newContext({ viewport: VIEWPORT });
  });
  afterAll(async () => {
    await context?.close();
    await hosts?.close();
  });

  it('updates the page open on host B within 2 s of a message posted to host A', async () => {
    const id = 'two-hosts-1';
    await post(hosts.a, id, 'h-1', HELLO, START);
    const { page, problems } = await newPage(context);
    await signIn(page, hosts.b, TOKEN);
    await watch(page, id);
    await active(page, 'lead');
    await page.waitForSelector('#status[data-live="on"]', { timeout: 10_000 });

    const posted = Date.now();
    await post(hosts.a, id, 'h-2', BUY, START + 60_000);
    await page.waitForSelector('#chart [data-state-id="conversation.buyer"].active', { timeout: CROSS_HOST_MS });
    console.info(`host A → page on host B: ${Date.now() - posted} ms from the POST to the highlight`);
    await page.screenshot({ path: join(RESULTS_DIR, 'inspector-two-hosts.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
