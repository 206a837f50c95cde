// The quick start as a newcomer lives it: `npm start` on an empty data folder with no
// REVPULSE_SECRET_KEY, read what it prints, sign in, connect Stripe from Settings → Sources, and
// the first signed webhook to the URL it shows moves the MRR card from the empty state to the
// event's MRR — without a reload.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';

const OWNER = { email: 'owner@quick-start.example', password: 'quick start owner passphrase' };
const WEBHOOK_SECRET = 'whsec_quick_start_0123456789';
const runBrowser = chromiumPath !== null || mustRunBrowser;

describe.skipIf(!runBrowser)('quick start in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  const printed: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-quick-start-'));
    // What `npm start` reads, minus what a person would not set: no REVPULSE_SECRET_KEY. The admin
    // login is given only so the test need not parse a generated password.
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      REVPULSE_DEMO: 'false',
      REVPULSE_ADMIN_EMAIL: OWNER.email,
      REVPULSE_ADMIN_PASSWORD: OWNER.password,
    });
    expect(config.secretKey).toBeUndefined();
    server = await startServer(config, { logger: createLogger('silent'), print: (line) => printed.push(line) });
    server.url = server.url.replace('localhost', '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const watch = (page: Page) => {
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  };

  it('prints the sign-in details last, in a box, with the secret key it created', () => {
    const keyFile = path.join(dataDir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const text = printed.join('\n');
    expect(text).not.toContain('REVPULSE_SECRET_KEY is not set');
    expect(printed.at(-1)).toMatch(/^╚═+╝$/);
    const top = printed.findIndex((line) => /^╔═+╗$/.test(line));
    expect(top).toBeGreaterThan(0);
    expect(printed[top - 1]).toMatch(/^Revpulse is running at http:\/\/localhost:\d+ /);
    const box = printed.slice(top);
    expect(new Set(box.map((line) => [...line].length)).size).toBe(1); // a closed frame
    const inside = box.join('\n');
    expect(inside).toContain(`Owner login   ${OWNER.email} (password from REVPULSE_ADMIN_PASSWORD)`);
    expect(inside).toContain('Connect Stripe: Settings → Sources → Add a Stripe account');
    expect(inside).toContain(`Secret key created: ${keyFile}`);
  });

  it('connects Stripe from Settings → Sources, and the first webhook moves the MRR card live', async () => {
    const page = watch(await browser.newPage());
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    // Nothing yet: the dashboard says how to connect Stripe.
    await expect.poll(() => page.getByTestId('empty-state').textContent(), { timeout: 15_000 }).toContain('No revenue data yet');

    await page.getByTestId('settings-link').click();
    await page.getByTestId('settings-tab-sources').click();
    await page.waitForURL(/\/settings\/sources\?workspace=/);
    const form = page.getByTestId('source-form');
    await form.locator('input[name=name]').fill('Stripe (test)');
    await form.locator('input[name=webhookSecret]').fill(WEBHOOK_SECRET);
    await form.locator('select[name=mode]').selectOption('test');
    await form.getByRole('button', { name: 'Add source' }).click();
    const shown = page.getByTestId('new-source-webhook-url');
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toMatch(/\/webhooks\/stripe\/src_[A-Za-z0-9_-]+$/);
    expect(await page.locator('.form-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('source').count()).toBe(1);
    await page.screenshot({ path: 'test-results/quick-start-sources.png', fullPage: true });
    // The page shows the address Stripe must call; this server listens on 127.0.0.1 only.
    const webhookUrl = (await shown.textContent())!.replace('//localhost:', '//127.0.0.1:');
    expect(webhookUrl.startsWith(server.url)).toBe(true);

    await page.getByTestId('nav-executive').click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.getByTestId('empty-state').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));

    const now = Math.floor(Date.now() / 1000);
    const created = event('customer.subscription.created', subscription({ customer: 'cus_quick_1', price: price({ amount: 2900 }), start: now - 60 }), now - 60);
    const { body, headers } = signedWebhook(created, WEBHOOK_SECRET);
    const response = await fetch(webhookUrl, { method: 'POST', body, headers });
    expect(response.status).toBe(200);

    const mrr = page.getByTestId('metric-mrr').getByTestId('metric-value');
    await expect.poll(() => mrr.textContent({ timeout: 1000 }).catch(() => null), { timeout: 20_000 }).toContain('$29.00');
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.screenshot({ path: 'test-results/quick-start-dashboard.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);
});
