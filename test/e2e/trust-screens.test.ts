// What a newcomer with a real account meets, in Chromium: a workspace billing in EUR and GBP with
// no exchange rates shows its USD figures with a notice naming the unconverted MRR (not an error
// screen); Settings → Workspace lists the currencies without a rate, checks an uploaded rate file
// and imports it, and the notice goes; an event parked as a dead letter shows on its source in
// Settings → Sources with its error and goes once retried. Screenshots in test-results/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { event, price, subscription } from '../helpers/stripe-events.js';
import { startWebhookServer, type WebhookServer } from '../helpers/webhook-server.js';
import type { RunningServer } from '../../src/api/server.js';

const OWNER = { email: 'owner@trust.example', password: 'trust screens owner passphrase' };
const SECRET = 'whsec_trust_screens_secret';
const runBrowser = chromiumPath !== null || mustRunBrowser;
const SHOTS = 'test-results';

describe.skipIf(!runBrowser)('exchange rates and dead letters in Chromium', () => {
  let fed: WebhookServer;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let workspaceId: string;
  const errors: string[] = [];
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    fed = await startWebhookServer({ owner: OWNER, secret: SECRET, sourceName: 'Stripe (EU)', dataDirPrefix: 'revpulse-e2e-trust-' });
    ({ server, workspaceId } = fed);
    const start = now - 10 * 86_400;
    for (const [customer, amount, currency] of [['cus_us', 2900, 'usd'], ['cus_eu', 124_000, 'eur'], ['cus_uk', 3900, 'gbp']] as const) {
      const e = event('customer.subscription.created', subscription({ customer, price: price({ amount, currency }), start }), start);
      await fed.post(e);
    }
    await server.worker.drain();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await fed.signIn(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the figures with a notice naming the unconverted MRR, then imports rates from Settings', { timeout: 90_000 }, async () => {
    const notice = page.getByTestId('fx-unconverted');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('€1,240.00 and £39.00 MRR not converted: no EUR and GBP → USD rate yet');
    await page.screenshot({ path: `${SHOTS}/fx-unconverted-executive.png`, fullPage: true });

    await page.getByRole('link', { name: 'Exchange rates' }).click();
    await page.getByTestId('fx-panel').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('fx-currency-eur').textContent()).toContain('No rate yet');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rates-')), 'rates.csv');
    const day = new Date((now - 20 * 86_400) * 1000).toISOString().slice(0, 10);
    writeFileSync(file, `date,currency,rate_to_usd\n${day},eur,1.10\n${day},gbp,1.25\n${day},xx,1\n`);
    await page.getByTestId('fx-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('fx-file-problems').textContent(), { timeout: 10_000 }).toContain('line 4');
    await page.screenshot({ path: `${SHOTS}/fx-upload-problems.png`, fullPage: true });
    errors.length = 0; // the browser logs the refused upload's 400 as a console error
    writeFileSync(file, `date,currency,rate_to_usd\n${day},eur,1.10\n${day},gbp,1.25\n`);
    await page.getByTestId('fx-file').setInputFiles([]);
    await page.getByTestId('fx-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('fx-file-check').textContent(), { timeout: 10_000 }).toContain('2 rates for EUR, GBP');
    await page.getByTestId('fx-file-import').click();
    await expect.poll(() => page.getByTestId('fx-file-stored').textContent(), { timeout: 10_000 }).toContain('Imported 2 rates');
    await expect.poll(() => page.getByTestId('fx-currency-eur').textContent(), { timeout: 10_000 }).toContain('direct rates');
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: `${SHOTS}/settings-workspace-fx.png`, fullPage: true });
    // $29.00 + €1,240.00 × 1.10 + £39.00 × 1.25 = $29.00 + $1,364.00 + $48.75
    const summary = await page.request.get(`${server.url}/v1/metrics/summary?workspace=${workspaceId}`);
    expect((await summary.json()).mrr).toBe(2900 + 136_400 + 4875);
  });

  it('shows a dead letter on its source with its error, and retries it', { timeout: 60_000 }, async () => {
    const db = server.runtime.store.db;
    const parked = await db.selectFrom('raw_events').select('event_id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirstOrThrow();
    await db.updateTable('raw_events').set({ processed_at: null, attempts: 5, dead_at: new Date(), last_error: 'TypeError: a bug fixed in the next release' })
      .where('workspace_id', '=', workspaceId).where('event_id', '=', parked.event_id).execute();
    await page.goto(`${server.url}/settings/sources?workspace=${workspaceId}`);
    const letters = page.getByTestId('source-dead-letters');
    await expect.poll(() => letters.textContent(), { timeout: 15_000 }).toContain('1 event failed five times and is parked');
    await expect.poll(() => letters.textContent(), { timeout: 10_000 }).toContain('a bug fixed in the next release');
    await page.screenshot({ path: `${SHOTS}/settings-sources-dead-letters.png`, fullPage: true });
    await page.getByTestId('source-dead-letters-retry').click();
    await expect.poll(() => letters.count(), { timeout: 20_000 }).toBe(0);
    const row = await db.selectFrom('raw_events').select(['processed_at', 'dead_at']).where('workspace_id', '=', workspaceId).where('event_id', '=', parked.event_id).executeTakeFirstOrThrow();
    expect(row.dead_at).toBeNull();
    expect(row.processed_at).not.toBeNull();
    expect(errors).toEqual([]);
  });
});
