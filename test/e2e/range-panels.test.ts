// Every panel follows the selected range or says it shows now: the Executive, Revenue and
// Operations screens in real Chromium on the demo (clocks pinned at DEMO_NOW, 18 Mar 2026) with a
// custom range ending 31 Jan 2026. Revenue by plan and by currency name that day, the top
// customers, the real-time tiles and the target say "now", the Operations trends name their 30
// days, and the failure reasons add up to the failed-payments card. Screenshots land in
// test-results/range-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const RANGE = 'from=2025-11-01&to=2026-01-31';

/** "$70,232.54" → 7023254 (the page runs in en-US). */
function minor(text: string | null): number {
  return Math.round(Number((text ?? '').replace(/[^0-9.-]/g, '')) * 100);
}

describe.skipIf(!runBrowser)('panels and the selected range in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const open = async (path: string) => {
    await page.goto(`${demo.url}${demo.pathFor(path)}`);
  };
  const text = (testId: string) => page.getByTestId(testId).first().textContent();

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await demo.installClock(page);
    await demo.login(page, '/');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('Executive: revenue by plan is the MRR on the range’s last day; the top customers are now', async () => {
    await open(`/?${RANGE}`);
    const plans = page.getByTestId('revenue-by-plan');
    await expect.poll(() => plans.locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(await plans.textContent()).toContain('Share of MRR on Jan 31, 2026');
    expect(await text('top-customers-subtitle')).toBe('MRR now (Mar 18, 2026), not on Jan 31, 2026: in each customer’s own currency');
    await page.screenshot({ path: 'test-results/range-executive.png', fullPage: true });
    await open('/');
    await expect.poll(() => plans.textContent(), { timeout: 20_000 }).toContain('Share of MRR today');
    expect(await text('top-customers-subtitle')).toBe('MRR now, in each customer’s own currency');
    expect(errors).toEqual([]);
  });

  it('Revenue: plan and currency panels name their day; the failure reasons add up to the card', async () => {
    await open(`/revenue?${RANGE}`);
    await expect.poll(() => text('revenue-by-plan-subtitle'), { timeout: 20_000 }).toBe('Paying customers and MRR on Jan 31, 2026');
    expect(await text('revenue-by-currency-subtitle')).toMatch(/^MRR on Jan 31, 2026, converted at that day's rate; the FX adjustment is the MRR change exchange rates alone made over Nov 2025/);
    const declines = page.getByTestId('declines');
    await expect.poll(() => declines.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const card = minor(await page.getByTestId('payments-failed').getByTestId('metric-value').textContent());
    const reasons = await declines.locator('tbody tr td:last-child').allTextContents();
    expect(card).toBeGreaterThan(0);
    expect(reasons.reduce((s, r) => s + minor(r), 0)).toBe(card);
    expect(minor(await declines.getByTestId('declines-total').locator('td:last-child').textContent())).toBe(card);
    await page.screenshot({ path: 'test-results/range-revenue.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('Operations: the trends are the 30 days to the range’s end against the 30 before; the rest says now', async () => {
    await open(`/operations?${RANGE}`);
    await expect.poll(() => text('trends-title'), { timeout: 20_000 }).toBe('Trends · 30 days to Jan 31, 2026');
    expect(await text('realtime-note')).toBe('Now (Mar 18, 2026), whatever the selected range');
    expect(await text('targets-note')).toBe('Now (Mar 18, 2026), whatever the selected range');
    await expect.poll(() => page.getByTestId('trend-growth').getByTestId('metric-value').textContent(), { timeout: 20_000 }).toMatch(/%/);
    expect(await page.getByTestId('trend-growth').textContent()).toContain('vs the 30 days before');
    await page.screenshot({ path: 'test-results/range-operations.png', fullPage: true });
    await open('/operations');
    await expect.poll(() => text('trends-title'), { timeout: 20_000 }).toBe('Trends · last 30 days');
    expect(await page.getByTestId('realtime-note').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
