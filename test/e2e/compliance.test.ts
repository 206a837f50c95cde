// The Compliance screen in Chromium over the demo: the owner finds it in the navigation, looks a
// customer up by e-mail, requests an export, sees it complete and downloads the ZIP (which holds
// the customer's e-mail); requests a delete of another customer, reads the plain-language
// confirmation, confirms, and sees it complete; axe-core finds no serious or critical violation.
// Screenshots: test-results/gdprqueue-*.png.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeRule = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> };

describe.skipIf(!runBrowser)('the Compliance screen: GDPR requests', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  let customers: Array<{ id: string; name: string; email: string }>;
  const errors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'UTC', bypassCSP: true, acceptDownloads: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    await demo.installClock(page);
    const rows = await demo.server.runtime.store.db.selectFrom('customers').select(['customer_id', 'name', 'email'])
      .where('workspace_id', '=', demo.workspaceId).where('name', 'is not', null).where('email', 'is not', null).orderBy('customer_id').limit(2).execute();
    customers = rows.map((r) => ({ id: r.customer_id, name: r.name!, email: r.email! }));
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page?.screenshot({ path: `test-results/gdprqueue-failed-${context.task.name.slice(0, 20).replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('exports a customer found by e-mail and downloads the ZIP', async () => {
    expect(customers).toHaveLength(2);
    await demo.login(page, '/');
    await page.getByTestId('nav-compliance').click();
    await page.waitForURL(/\/compliance\?workspace=/);
    const [first] = customers;
    await page.getByTestId('gdpr-lookup').fill(first!.email);
    await page.getByTestId('gdpr-lookup-result').filter({ hasText: first!.id }).click({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('gdpr-customer-id').inputValue()).toBe(first!.id);
    await page.getByTestId('gdpr-submit').click();

    const row = page.getByTestId('gdpr-row').filter({ hasText: first!.id }).first();
    const started = Date.now();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
    process.stderr.write(`gdprqueue e2e: export of a demo customer completed in ${Date.now() - started} ms\n`);
    await page.screenshot({ path: 'test-results/gdprqueue-export.png', fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('gdpr-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^gdpr-${first!.id}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
    const texts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
    expect(texts.some((t) => t.includes(first!.email))).toBe(true);
  }, 300_000);

  it('says plainly what a delete does before it is confirmed, then carries it out', async () => {
    const second = customers[1]!;
    await page.getByTestId('gdpr-customer-id').fill(second.id);
    await page.getByTestId('gdpr-kind-delete').check();
    await page.getByTestId('gdpr-submit').click();
    const confirm = page.getByTestId('gdpr-confirm');
    await expect.poll(() => confirm.textContent()).toContain('revenue history is kept only as anonymous amounts, so past figures do not change. This cannot be undone.');
    expect(await page.getByTestId('gdpr-row').filter({ hasText: second.id }).count()).toBe(0);
    await page.screenshot({ path: 'test-results/gdprqueue-confirm.png', fullPage: true });
    // The erasure runs in this process's embedded database: the test's own event loop may wait for it.
    await page.getByTestId('gdpr-confirm-button').click({ timeout: 600_000 });

    const row = page.getByTestId('gdpr-row').filter({ hasText: second.id }).first();
    const started = Date.now();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 600_000 }).toBe('completed');
    process.stderr.write(`gdprqueue e2e: delete of a demo customer completed in ${Date.now() - started} ms\n`);
    expect(await row.getAttribute('data-kind')).toBe('delete');
    await expect.poll(() => row.getByTestId('gdpr-outcome').textContent()).toMatch(/^Deleted \(\d+ rows changed\)/);
    const left = await demo.server.runtime.store.db.selectFrom('customers').select('email').where('workspace_id', '=', demo.workspaceId).where('customer_id', '=', second.id).executeTakeFirst();
    expect(left?.email ?? null).not.toBe(second.email);
    await page.screenshot({ path: 'test-results/gdprqueue-delete.png', fullPage: true });
  }, 900_000);

  it('has no serious or critical accessibility violation', async () => {
    await page.waitForTimeout(400);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const win = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeRule[] }> } };
      const r = await win.axe.run(win.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target })) }));
    });
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) ${v.help}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    expect(blocking).toEqual([]);
    expect(errors).toEqual([]);
  });
});
