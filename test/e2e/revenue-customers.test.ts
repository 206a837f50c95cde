// The Revenue, Cohorts and Customers screens and the Settings additions in real Chromium, on the
// DEMO data: the monthly table shows exactly GET /v1/metrics/monthly and its figures explain to
// the cent; the heatmaps cover 24 months; on Customers a filter, a saved preset (stored on the
// server) and a CSV export that equals the table; the customer page; the Workspace and Sources
// tabs. Every screen is screenshotted into test-results/ and must log no console error.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { addMonths, monthOf, utcDay } from '../../web/src/lib/calendar.js';
import { formatCount, formatMoney, formatMoneyChange } from '../../web/src/lib/format.js';
import { parseCsv } from '../../web/src/features/customers/csv.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const SHOTS = 'test-results';

type MonthlyDoc = { currency: string; months: { month: string; mrr: number; customers: number; arpa: number; movements: Record<string, number> }[] };

describe.skipIf(!runBrowser)('revenue, cohorts, customers and settings on the demo data', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  /** GET an API path with the page's session. */
  const api = async <T,>(path: string): Promise<T> => {
    const response = await page.request.get(`${demo.url}${demo.pathFor(path)}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  const go = async (path: string) => {
    await page.goto(`${demo.url}${demo.pathFor(path)}`);
  };

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', acceptDownloads: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    // The demo ends at DEMO_NOW and the page's "today" follows the server's pinned clock.
    await demo.installClock(page);
    await demo.login(page, '/revenue');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows the monthly movements exactly as /v1/metrics/monthly, and a figure explains to the cent', { timeout: 90_000 }, async () => {
    await page.getByTestId('monthly-table').waitFor({ timeout: 30_000 });
    const thisMonth = monthOf(utcDay(demo.clock.now()));
    const doc = await api<MonthlyDoc>(`/v1/metrics/monthly?from=${addMonths(thisMonth, -11)}&to=${thisMonth}`);
    expect(doc.months).toHaveLength(12);
    for (const m of doc.months) {
      const row = page.getByTestId(`monthly-row-${m.month}`);
      const cell = (col: string) => row.locator(`td[data-col="${col}"]`).textContent();
      expect(await cell('new'), m.month).toBe(formatMoneyChange(m.movements.new!, doc.currency, 'en-US'));
      expect(await cell('churn'), m.month).toBe(formatMoneyChange(m.movements.churn!, doc.currency, 'en-US'));
      expect(await cell('fx'), m.month).toBe(formatMoneyChange(m.movements.fx!, doc.currency, 'en-US'));
      expect(await cell('mrr'), m.month).toBe(formatMoney(m.mrr, doc.currency, 'en-US'));
      expect(await cell('customers'), m.month).toBe(formatCount(m.customers, 'en-US'));
      expect(await cell('arpa'), m.month).toBe(formatMoney(m.arpa, doc.currency, 'en-US'));
    }

    // The expansion of last month opens the explain panel; its lines add up to the figure.
    const lastMonth = addMonths(thisMonth, -1);
    const figure = doc.months.find((m) => m.month === lastMonth)!.movements.expansion!;
    await page.getByTestId(`monthly-row-${lastMonth}`).locator('td[data-col="expansion"] button').click();
    const panel = page.getByTestId('explain-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('explain-total').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(figure));
    const load = panel.getByTestId('explain-load-all');
    if (await load.isVisible()) await load.click();
    await expect.poll(async () => {
      const groups = await panel.getByTestId('explain-group').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-native'), r.getAttribute('data-loaded-sum')]));
      return groups.length > 0 && groups.every(([native, sum]) => native === sum);
    }, { timeout: 15_000 }).toBe(true);
    expect(await panel.getByTestId('explain-groups-sum').getAttribute('data-value')).toBe(String(figure));
    // Every line is in, and their contributions add up to the figure.
    expect(await panel.getByTestId('explain-loaded-sum').getAttribute('data-value')).toBe(String(figure));
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await page.getByTestId('plan-bars').waitFor();
    await page.getByTestId('currency-table').waitFor();
    await page.getByTestId('declines').waitFor();
    await page.getByTestId('charges-chart').locator('[role="img"]').waitFor();
    expect(await page.getByTestId('currency-table').locator('tbody tr').count()).toBeGreaterThan(1);
    await shot('revenue');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(500); // charts re-measure their container
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    await shot('revenue-tablet');
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('draws logo and revenue retention heatmaps over 24 months with the average curve', { timeout: 60_000 }, async () => {
    await go('/cohorts');
    const logo = page.getByTestId('heatmap-logo');
    await logo.waitFor({ timeout: 30_000 });
    expect(await logo.locator('tbody tr').count()).toBe(24); // last 24 months: exactly 24 cohorts (test/e2e/cohorts.test.ts)
    expect(await logo.locator('thead th.heat-age').count()).toBe(24);
    expect(await logo.locator('tbody tr').first().locator('td.heat-cell').first().textContent()).toBe('100%');
    await page.getByTestId('retention-curve').locator('[role="img"]').waitFor();
    await shot('cohorts-logo');
    await page.getByTestId('cohort-kind-revenue').click();
    await page.getByTestId('heatmap-revenue').waitFor();
    expect(page.url()).toContain('kind=revenue');
    await shot('cohorts-revenue');
  });

  it('filters customers, saves the view as a preset on the server, and exports exactly the table as CSV', { timeout: 120_000 }, async () => {
    await go('/customers');
    const rows = page.getByTestId('customer-row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(50);
    await shot('customers');

    // A quick chip, then a plan from the filter panel.
    await page.getByTestId('quick-past-due').click();
    await expect.poll(() => page.url()).toContain('status=past_due');
    await expect.poll(async () => (await page.locator('[data-testid="customer-row"] .status-badge').allTextContents()).every((s) => s.startsWith('Past due'))).toBe(true);
    await page.getByTestId('quick-past-due').click();
    await page.getByTestId('quick-paying').click();
    await page.getByTestId('toggle-filters').click();
    const plan = page.getByTestId('filter-plan');
    const planName = (await plan.locator('option').nth(1).textContent())!;
    await plan.selectOption({ index: 1 });
    await page.getByTestId('filter-mrr-min').fill('100');
    await page.getByTestId('filter-mrr-apply').click();
    await expect.poll(() => page.url()).toContain('mrrMin=10000');
    await expect.poll(async () => {
      const cells = await page.locator('[data-testid="customer-row"] td[data-col="plan"]').allTextContents();
      return cells.length > 0 && cells.every((c) => c === planName);
    }, { timeout: 15_000 }).toBe(true);
    const filteredUrl = page.url();
    await page.screenshot({ path: `${SHOTS}/customers-filters.png` });

    // Save it as a preset: it is stored on the server and marked as the current view.
    const presetName = `Paying on ${planName}`;
    await page.getByTestId('preset-new').click();
    await page.getByTestId('preset-name').fill(presetName);
    await page.getByTestId('preset-save').click();
    const chip = page.getByTestId(`preset-${presetName}`);
    await expect.poll(() => chip.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    const stored = await api<{ data: { name: string; filters: Record<string, unknown> }[] }>('/v1/saved-filters?scope=customers');
    expect(stored.data.find((p) => p.name === presetName)?.filters).toMatchObject({ status: ['active', 'past_due'], mrrMin: 10_000 });

    // Clear everything, reload, and the preset brings the same view back.
    await page.getByTestId('clear-filters').click();
    await expect.poll(() => page.url()).not.toContain('status=');
    await page.reload();
    await page.getByTestId(`preset-${presetName}`).click();
    await expect.poll(() => new URL(page.url()).searchParams.toString()).toBe(new URL(filteredUrl).searchParams.toString());
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    await shot('customers-filtered');

    // The CSV holds every page of the table, in order, with its columns: read all the pages.
    // Until the 100-row page arrives, the table keeps showing the 50 rows it had (placeholder data,
    // marked .refreshing, with "Next" disabled): wait for the new page itself, not just any range.
    const settled = async () => [await page.getByTestId('page-range').textContent(), await page.locator('.refreshing').count()];
    await page.getByTestId('page-size').selectOption('100');
    await expect.poll(() => new URL(page.url()).searchParams.get('size')).toBe('100');
    await expect.poll(settled, { timeout: 15_000 }).toEqual([expect.stringMatching(/^Customers 1–100 of [\d,]+$/), 0]);
    const readPage = () =>
      rows.evaluateAll((trs) =>
        trs.map((tr) => {
          const text = (col: string) => tr.querySelector(`td[data-col="${col}"]`)?.textContent ?? '';
          const link = tr.querySelector('[data-testid="customer-link"]');
          const mrr = tr.querySelector('td[data-col="mrr"] .mrr-native');
          return { id: tr.getAttribute('data-customer-id'), name: link?.textContent ?? '', plan: text('plan'), status: text('status'), mrr: mrr?.textContent ?? text('mrr'), country: text('country') };
        }),
      );
    const shown = await readPage();
    while (!(await page.getByTestId('page-next').isDisabled())) {
      const before = await page.getByTestId('page-range').textContent();
      await page.getByTestId('page-next').click();
      await expect.poll(() => page.getByTestId('page-range').textContent(), { timeout: 15_000 }).not.toBe(before);
      await expect.poll(() => page.locator('.refreshing').count(), { timeout: 15_000 }).toBe(0);
      shown.push(...(await readPage()));
    }
    expect(shown.length).toBeGreaterThan(100);
    // The count beside the range is the list's true length: every page read adds up to it.
    expect(await page.getByTestId('customers-total').textContent()).toBe(shown.length.toLocaleString('en-US'));
    await page.getByTestId('customers-export').getByTestId('export-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const [header, ...records] = csv;
    expect(header).toEqual(['Customer', 'Email', 'Customer ID', 'Plan', 'Status', 'MRR', 'Currency', 'Country', 'Signed up']);
    expect(records.map((r) => r[2])).toEqual(shown.map((s) => s.id));
    records.forEach((r, i) => {
      const s = shown[i]!;
      expect(r[0]).toBe(s.name);
      expect(r[3]).toBe(s.plan);
      expect(s.status.startsWith(r[4]!)).toBe(true);
      expect(formatMoney(Math.round(Number(r[5]) * 100), r[6]!, 'en-US')).toBe(s.mrr);
      expect(r[7] || '—').toBe(s.country);
    });
    await expect.poll(() => page.locator('.export-menu-status').textContent()).toContain(`${shown.length} rows exported`);

    // The customer page: profile, timeline, movements with their cause.
    const firstLink = page.getByTestId('customer-link').first();
    const firstName = await firstLink.textContent();
    await firstLink.click();
    await page.getByTestId('customer-page').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('customer-name').textContent()).toBe(firstName);
    expect(await page.getByTestId('movement-row').count()).toBeGreaterThan(0);
    await page.getByTestId('customer-timeline').locator('[role="img"]').waitFor();
    await shot('customer');
    await page.getByTestId('back-to-customers').click();
    await page.getByTestId('customers-table').waitFor();
  });

  it('shows the Workspace and Sources tabs of Settings', { timeout: 60_000 }, async () => {
    await go('/settings/workspace');
    await page.getByTestId('workspace-panel').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('settings-currency').inputValue()).toBe('usd');
    expect(await page.getByTestId('settings-preset-default').isChecked()).toBe(true);
    await page.getByTestId('settings-target').fill('250000');
    await page.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(() => page.getByTestId('workspace-saved').textContent()).toContain('Saved the MRR target');
    expect((await api<{ mrrTarget: number }>('/v1/settings/workspace')).mrrTarget).toBe(25_000_000);
    await shot('settings-workspace');

    await page.getByTestId('settings-tab-sources').click();
    await page.getByTestId('sources-panel').waitFor({ timeout: 20_000 });
    const source = page.getByTestId('source').first();
    await source.waitFor();
    expect(await source.getByTestId('source-webhook-url').textContent()).toBe(`${demo.url}/webhooks/stripe/${demo.sourceId}`);
    await shot('settings-sources');
    expect(errors).toEqual([]);
  });
});
