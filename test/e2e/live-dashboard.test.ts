// The thin slice end to end: the real server on an embedded database, the built dashboard in
// real Chromium — reached by signing in through the real login page — a signed Stripe webhook,
// and the MRR card changing without a reload.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';

const SECRET = 'whsec_e2e_dashboard';
const OWNER = { email: 'owner@e2e.example', password: 'e2e owner passphrase' };
const runBrowser = chromiumPath !== null || mustRunBrowser;

describe.skipIf(!runBrowser)('dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let source: Source;
  let workspaceId: string;
  const errors: string[] = [];
  const now = Math.floor(Date.now() / 1000);

  const post = async (subId: string, customer: string, amount: number) => {
    const { body, headers } = signedWebhook(event('customer.subscription.created', subscription({ id: subId, customer, price: price({ amount }), start: now - 120 }), now - 120), SECRET);
    const response = await fetch(`${server.url}/webhooks/stripe/${source.id}`, { method: 'POST', body, headers });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-e2e-'));
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir,
      REVPULSE_DEMO: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
      REVPULSE_ADMIN_EMAIL: OWNER.email,
      REVPULSE_ADMIN_PASSWORD: OWNER.password,
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    const workspace = await findWorkspaceBySlug(server.runtime.store.db, 'default');
    workspaceId = workspace!.id;
    source = await createSource(server.runtime.store.db, server.runtime.box, { workspaceId, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    server.url = server.url.replace('localhost', '127.0.0.1');
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows MRR and updates it live when a webhook arrives, without reloading', async () => {
    await post('sub_e2e_1', 'cus_e2e_1', 4900);
    await server.worker.drain();
    await page.goto(`${server.url}/?workspace=${workspaceId}`);
    // Not signed in: the dashboard sends us to the login page, which brings us back afterwards.
    await page.waitForURL(/\/login\?next=/, { timeout: 15_000 });
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/?workspace=${workspaceId}`, { timeout: 15_000 });
    const mrr = page.getByTestId('metric-mrr').getByTestId('metric-value');
    const customers = page.getByTestId('metric-customers').getByTestId('metric-value');
    await expect.poll(() => mrr.textContent(), { timeout: 15_000 }).toContain('$49.00');
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await page.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));

    await post('sub_e2e_2', 'cus_e2e_2', 15_100);
    await expect.poll(() => mrr.textContent(), { timeout: 10_000 }).toContain('$200.00');
    expect(await customers.textContent()).toContain('2');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.screenshot({ path: 'test-results/dashboard-live.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
