// The Cohorts screen in real Chromium on the DEMO data (pinned at DEMO_NOW): "last 24 months" is
// exactly 24 cohorts and 24 ages, every cohort with customers starts at 100%, the average row says
// how many cohorts each month pools and marks those under 3, a cell lists the customers that make
// it up (summing to it), and axe finds no contrast failure on the heatmap in either kind.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortsResponse } from '../../src/read/cohorts/contract.js';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!runBrowser)('the Cohorts screen on the demo data', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const api = async (path: string): Promise<CohortsResponse> => {
    const response = await page.request.get(`${demo.url}${demo.pathFor(path)}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as CohortsResponse;
  };
  /** axe's color-contrast rule over the heatmap panel: the number of failing nodes. */
  const contrastFailures = async (): Promise<number> => {
    if (!(await page.evaluate('"axe" in window'))) await page.addScriptTag({ content: AXE_SOURCE });
    return page.evaluate(`axe.run(document.querySelector('[data-testid="cohort-heatmap"]'), { runOnly: { type: 'rule', values: ['color-contrast'] } })
      .then((r) => r.violations.reduce((n, v) => n + v.nodes.length, 0))`);
  };

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', timezoneId: 'UTC', bypassCSP: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await demo.installClock(page);
    await demo.login(page, '/cohorts');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows exactly 24 cohorts over M0–M23, each starting at 100%, with the cohorts each average pools', { timeout: 90_000 }, async () => {
    const heatmap = page.getByTestId('heatmap-logo');
    await heatmap.waitFor({ timeout: 30_000 });
    expect(await heatmap.locator('tbody tr').count()).toBe(24);
    expect(await heatmap.locator('thead th.heat-age').allTextContents()).toEqual(Array.from({ length: 24 }, (_, i) => `M${i}`));
    const m0 = await heatmap.locator('tbody tr td.heat-cell:nth-child(3)').allTextContents();
    expect(m0.filter((t) => t !== '')).toEqual(m0.filter((t) => t !== '').map(() => '100%'));
    expect(m0.filter((t) => t !== '').length).toBeGreaterThanOrEqual(20);

    const api24 = await api('/v1/metrics/cohorts?kind=logo&from=2024-04&to=2026-03&maxAge=23');
    const counts = await page.getByTestId('cohort-counts').locator('td.heat-count').allTextContents();
    expect(counts).toEqual(api24.average.map((a) => String(a.cohorts)));
    const few = api24.average.filter((a) => a.fewCohorts && a.cohorts > 0).map((a) => a.age);
    expect(few).toEqual([22, 23]); // only the two oldest cohorts reached M22 and M23
    expect(await page.getByTestId('cohort-average').locator('td.heat-few').count()).toBe(few.length);
    await expect.poll(() => page.getByTestId('cohort-note').textContent()).toContain('M22–M23: fewer than 3 cohorts');
    await page.getByTestId('retention-curve').locator('[role="img"]').waitFor();
    expect(await page.getByTestId('curve-few-note').textContent()).toContain('M22–M23');
    expect(await contrastFailures()).toBe(0);
    await page.screenshot({ path: 'test-results/cohorts-screen-logo.png', fullPage: true });
  });

  it('a cell lists the customers that make it up, summing to it', { timeout: 60_000 }, async () => {
    const row = page.getByTestId('heatmap-logo').locator('tbody tr').nth(12);
    const cell = row.locator('td.heat-cell button').nth(6);
    const shown = await cell.textContent();
    await cell.click();
    const panel = page.getByTestId('cohort-cell-panel');
    await expect.poll(() => panel.getByTestId('cohort-cell-customers').locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const total = await panel.getByTestId('cohort-cell-total').textContent();
    const [paying, size] = (total ?? '').match(/\d[\d,]*/g)!.map((n) => Number(n.replace(/,/g, '')));
    expect(Math.round((paying! / size!) * 100)).toBe(Number(shown!.replace('%', '')));
    const yes = await panel.getByTestId('cohort-cell-customers').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(yes.length).toBe(size);
    expect(yes.filter((t) => t === 'Yes').length).toBe(paying);
    await expect.poll(() => panel.locator('.sum-check').count()).toBe(1);
    await page.screenshot({ path: 'test-results/cohorts-cell-panel.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('revenue retention: 100% at M0, expansion cells legible', { timeout: 60_000 }, async () => {
    await page.getByTestId('cohort-kind-revenue').click();
    const heatmap = page.getByTestId('heatmap-revenue');
    await heatmap.waitFor({ timeout: 30_000 });
    await expect.poll(() => heatmap.locator('tbody tr').count()).toBe(24);
    const m0 = (await heatmap.locator('tbody tr td.heat-cell:nth-child(3)').allTextContents()).filter((t) => t !== '');
    expect(new Set(m0)).toEqual(new Set(['100%']));
    await page.waitForTimeout(300);
    expect(await contrastFailures()).toBe(0);
    await page.screenshot({ path: 'test-results/cohorts-screen-revenue.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
