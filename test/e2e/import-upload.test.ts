// Settings → Sources in real Chromium: a subscription CSV with a bad line is checked (its first
// rows and the error with its line and column shown, the import blocked); the fixed file is
// imported, the history lists it and the Executive MRR is the API's; a PayPal account added through
// its form is listed with its settings and webhook URL. axe checks the states the demo never shows.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { startFakePaypal, type FakePaypal } from '../helpers/fake-paypal-api.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';

const OWNER = { email: 'owner@import.example', password: 'import owner passphrase' };
const PAYPAL = { clientId: 'AeE2eClientId0123456789abcdef', clientSecret: 'EeE2eClientSecret0123456789abcdef', webhookId: '8PT597110X687430LKGECATA' };
const runBrowser = chromiumPath !== null || mustRunBrowser;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Screenshots of every state, for a person to look at; outside the repository. */
const SHOTS = process.env.REVPULSE_SHOTS_DIR ?? 'test-results';

const HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,discount_percent';
const GOOD = [
  HEADER,
  'cus_acme,Acme Corp,ops@acme.example,sub_acme,2025-01-10,active,Pro,usd,49.00,month,1,2,',
  'cus_globex,Globex,,sub_globex,2025-02-01T09:30:00Z,active,Team,usd,300.00,year,1,1,',
  'cus_initech,Initech,,sub_initech,2025-03-05,active,Starter,usd,20.00,month,1,1,10',
];
// Line 3: a month that does not exist.
const BAD = [GOOD[0], GOOD[1], 'cus_globex,Globex,,sub_globex,2025-13-01,active,Team,usd,300.00,year,1,1,', GOOD[3]];
const file = (name: string, lines: readonly (string | undefined)[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });

type AxeRule = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

describe.skipIf(!runBrowser)('subscription import and PayPal in Settings → Sources (Chromium)', () => {
  let server: RunningServer;
  let paypal: FakePaypal;
  let browser: Browser;
  let page: Page;
  let workspaceId: string;
  const errors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const api = <T>(url: string) => page.evaluate(async (u) => (await fetch(u)).json(), `${url}${url.includes('?') ? '&' : '?'}workspace=${workspaceId}`) as Promise<T>;
  /** axe (WCAG 2 A/AA) over the page as it is: no serious or critical violation. */
  const expectAccessible = async (name: string) => {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const win = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeRule[] }> } };
      const r = await win.axe.run(win.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    });
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ×${v.nodes.length} ${v.help}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
    expect(blocking, name).toEqual([]);
  };

  beforeAll(async () => {
    paypal = await startFakePaypal();
    paypal.addAccount({ clientId: PAYPAL.clientId, clientSecret: PAYPAL.clientSecret });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-e2e-import-'));
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
      REVPULSE_ADMIN_EMAIL: OWNER.email, REVPULSE_ADMIN_PASSWORD: OWNER.password, REVPULSE_PAYPAL_API_URL: paypal.url,
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    server.url = server.url.replace('localhost', '127.0.0.1');
    workspaceId = (await findWorkspaceBySlug(server.runtime.store.db, 'default'))!.id;
    browser = await launchBrowser();
    // bypassCSP: axe goes in as an inline script, which the dashboard's CSP refuses.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', bypassCSP: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await paypal?.close();
  });

  it('checks a file with a bad line, imports the fixed one, and the Executive MRR is the API\'s', async () => {
    await page.goto(`${server.url}/settings/sources?workspace=${workspaceId}`);
    await page.getByTestId('import-panel').waitFor();
    await expect.poll(() => page.getByTestId('import-history').textContent()).toContain('No file imported yet');
    await shot('sources-empty');

    await page.getByTestId('import-file').setInputFiles(file('subscriptions.csv', BAD));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('import-counts').textContent()).toContain('3 rows: 2 valid, 1 with errors');
    expect(await page.getByTestId('import-error').allTextContents()).toEqual([expect.stringMatching(/^line 3, column effective_at: .+/)]);
    expect(await page.getByTestId('import-preview-table').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('import-preview-table').locator('tbody tr').first().textContent()).toContain('49.00 USD');
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-blocked').textContent()).toContain('Fix the 1 bad line first');
    await expectAccessible('import-check-with-error');
    await shot('import-check-with-error');
    // Nothing was written: no source, no history line (a check of a file for a new source leaves none), no figure.
    expect(await page.getByTestId('import-history').textContent()).toContain('No file imported yet');
    expect((await api<{ data: unknown[] }>('/v1/sources')).data).toEqual([]);
    expect((await api<{ mrr: number }>('/v1/metrics/summary')).mrr).toBe(0);

    // "Skip bad lines" would let the two good rows in; the fixed file is the better answer.
    await page.getByTestId('import-skip-invalid').check();
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(false);
    await page.getByTestId('import-skip-invalid').uncheck();
    await page.getByTestId('import-file').setInputFiles(file('subscriptions-fixed.csv', GOOD));
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-counts').textContent()).toContain('3 rows: 3 valid, 0 with errors');
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    expect(await page.getByTestId('import-submit').textContent()).toBe('Import 3 rows');
    await shot('import-check-clean');
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('import-done').textContent(), { timeout: 20_000 }).toContain('Imported 3 rows: 3 new');
    await expect.poll(() => page.getByTestId('import-run').first().getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('import-run').first().textContent()).toContain('subscriptions-fixed.csv');

    // The import source is listed as one, with no webhook URL.
    const imported = page.getByTestId('source').filter({ hasText: 'Import' });
    await expect.poll(() => imported.getByTestId('source-provider').textContent()).toBe('Import');
    expect(await imported.getByTestId('source-webhook-url').count()).toBe(0);
    // When the file came (the history), not the date of its latest row (2025).
    await expect.poll(() => imported.getByTestId('source-status').textContent()).toMatch(/^Last import (just now|\d+m ago)$/);
    await shot('import-done');

    // 49.00 × 2 + 300.00 / 12 + 20.00 less 10% = 141.00 a month, once the worker has applied it.
    await expect.poll(async () => (await api<{ mrr: number }>('/v1/metrics/summary')).mrr, { timeout: 30_000 }).toBe(14_100);
    const summary = await api<{ mrr: number; currency: string }>('/v1/metrics/summary');
    await page.goto(`${server.url}/?workspace=${workspaceId}`);
    const mrr = page.getByTestId('metric-mrr').getByTestId('metric-value').first();
    const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: summary.currency.toUpperCase() }).format(summary.mrr / 100);
    await expect.poll(() => mrr.textContent(), { timeout: 20_000 }).toBe(expected);
    await shot('executive-after-import');
  });

  it('adds a PayPal account through its form, then its webhook id once PayPal gives one: listed with its settings and webhook URL', async () => {
    await page.goto(`${server.url}/settings/sources?workspace=${workspaceId}`);
    const form = page.getByTestId('paypal-source-form');
    await form.waitFor();
    await form.getByLabel('Name').fill('PayPal EU');
    await form.getByLabel('Client id').fill(PAYPAL.clientId);
    await form.getByLabel('Client secret').fill(PAYPAL.clientSecret);
    await form.getByLabel('Sandbox').check();
    await shot('paypal-form-filled');
    await form.getByRole('button', { name: 'Add PayPal account' }).click();
    const url = (await page.getByTestId('new-paypal-webhook-url').textContent({ timeout: 15_000 }))!;
    const source = page.getByTestId('source').filter({ hasText: 'PayPal EU' });
    await expect.poll(() => source.getByTestId('source-provider').textContent()).toBe('PayPal');
    const listed = await api<{ data: { id: string; name: string; webhookUrl: string }[] }>('/v1/sources');
    const created = listed.data.find((s) => s.name === 'PayPal EU')!;
    expect(url).toBe(`${server.url}/webhooks/paypal/${created.id}`);
    expect(await source.getByTestId('source-webhook-url').textContent()).toBe(url);
    expect(await source.getByTestId('source-paypal-client-id').textContent()).toBe(PAYPAL.clientId);
    // Added before its PayPal webhook exists: deliveries are refused until its id is set here.
    expect(await source.getByTestId('source-paypal-webhook-id').textContent()).toBe('not set');
    const later = source.getByTestId('paypal-webhook-id-form');
    await later.getByLabel('Webhook id').fill(PAYPAL.webhookId);
    await shot('paypal-webhook-id-later');
    await later.getByRole('button', { name: 'Save webhook id' }).click();
    await expect.poll(() => source.getByTestId('source-paypal-webhook-id').textContent(), { timeout: 15_000 }).toBe(PAYPAL.webhookId);
    expect(await source.getByTestId('paypal-webhook-id-form').count()).toBe(0);
    expect(await source.getByTestId('source-paypal-sandbox').textContent()).toBe('Sandbox');
    // The secret went in once and never comes back out.
    expect(await page.content()).not.toContain(PAYPAL.clientSecret);
    await expectAccessible('paypal-added');
    await shot('paypal-added');
    expect(errors).toEqual([]);
  });
});
