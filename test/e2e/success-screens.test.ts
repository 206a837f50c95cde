// The customer-success screens in real Chromium on the DEMO data (one server for the whole file):
// the Success overview shows a health distribution, customers at risk, open alerts, expansion and
// onboarding; usage and NPS; the segmentation grid opens the customers list with a segment's
// filters; a customer's page shows health components and risk reasons; the alert centre
// acknowledges an alert and it leaves the open list; the Settings tabs of customer success. Every
// screen is screenshotted into /tmp/shots/ (and test-results/) and must log no console error.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const SHOTS = process.env.REVPULSE_SHOTS_DIR ?? 'test-results';

describe.skipIf(!runBrowser)('customer-success screens on the demo data', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const shot = async (name: string) => {
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/success-${name}.png`, fullPage: true });
  };
  const go = async (path: string) => {
    await page.goto(`${demo.url}${demo.pathFor(path)}`);
  };
  /** Nothing on the page says it is loading. */
  const settled = async () => {
    await expect.poll(() => page.locator('[aria-busy="true"], .skeleton').count(), { timeout: 90_000 }).toBe(0);
  };
  const panelState = (testId: string) => page.getByTestId(testId).getAttribute('data-state');
  const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    await demo.installClock(page);
    await demo.login(page, '/success');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('the overview shows the health distribution, customers at risk, open alerts, expansion and onboarding', { timeout: 300_000 }, async () => {
    await page.getByTestId('success-screen').waitFor({ timeout: 90_000 });
    await settled();
    expect(await panelState('health-distribution')).toBe('ready');
    const counts = await page.getByTestId('band-list').locator('[data-testid^="band-count-"]').allTextContents();
    expect(counts.map(number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await page.getByTestId('health-histogram').count()).toBe(1);
    expect(await panelState('at-risk')).toBe('ready');
    expect(await page.getByTestId('at-risk-row').count()).toBeGreaterThan(0);
    expect(number(await page.getByTestId('open-alerts-count').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('health-trend').locator('.recharts-line').count()).toBeGreaterThan(0);
    for (const panel of ['expansion', 'onboarding']) expect(['ready', 'empty'], panel).toContain(await panelState(panel));
    await expect.poll(() => page.getByTestId('metric-nps').getByTestId('metric-value').textContent(), { timeout: 45_000 }).toMatch(/^[+-]?\d+$|^0$/);
    // The nav shows how many alerts are open.
    expect(number(await page.getByTestId('alerts-badge').textContent())).toBeGreaterThan(0);
    await shot('overview');
  });

  it('usage and NPS over the range', { timeout: 240_000 }, async () => {
    await page.getByTestId('success-tab-usage').click();
    await page.getByTestId('dau-chart').waitFor({ timeout: 90_000 });
    await settled();
    expect(await page.getByTestId('dau-chart').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('usage-plan-row').count()).toBeGreaterThan(0);
    expect(await panelState('feature-adoption')).toBe('ready');
    expect(await page.getByTestId('ltv-row').count()).toBeGreaterThan(0);
    await shot('usage');
  });

  it('the segmentation grid opens the customers list with a segment’s filters', { timeout: 240_000 }, async () => {
    await page.getByTestId('success-tab-segments').click();
    await page.getByTestId('segments-grid').waitFor({ timeout: 90_000 });
    await settled();
    const rows = page.getByTestId('segment-row');
    expect(await rows.count()).toBeGreaterThan(0);
    await shot('segments');
    const segments = (await (await page.request.get(`${demo.url}${demo.pathFor('/v1/segments')}`)).json()) as { data: { id: string; filters: Record<string, unknown>; figures: { customers: number } }[] };
    const first = segments.data.find((s) => s.figures.customers > 0) ?? segments.data[0]!;
    const row = page.locator(`[data-segment-id="${first.id}"]`);
    expect(number(await row.getByTestId('segment-count').textContent())).toBe(first.figures.customers);
    await row.getByTestId('segment-link').click();
    await page.getByTestId('customers-screen').waitFor({ timeout: 90_000 });
    const params = new URL(page.url()).searchParams;
    for (const key of Object.keys(first.filters).filter((k) => k !== 'sort')) expect(params.has(key), `${key} in ${page.url()}`).toBe(true);
    // The list counts what the grid counted.
    await expect.poll(() => page.getByTestId('customers-total').textContent().then(number), { timeout: 90_000 }).toBe(first.figures.customers);
  });

  it('a customer page shows health components, risk reasons, usage against limits and one activity timeline', { timeout: 300_000 }, async () => {
    await go('/success');
    await page.getByTestId('at-risk-row').first().waitFor({ timeout: 90_000 });
    await page.getByTestId('at-risk-row').first().locator('a').first().click();
    await page.getByTestId('customer-page').waitFor({ timeout: 90_000 });
    await settled();
    expect(await page.getByTestId('health-component').count()).toBe(5);
    expect(await page.getByTestId('health-score').textContent()).toMatch(/^\d+$/);
    const reasons = await page.getByTestId('risk-reason').count();
    expect(reasons).toBeGreaterThan(0);
    expect(reasons).toBeLessThanOrEqual(3);
    expect(['ready', 'empty']).toContain(await panelState('customer-usage'));
    const items = page.getByTestId('activity-item');
    expect(await items.count()).toBeGreaterThan(0);
    const sides = new Set(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-side'))));
    expect(sides.has('billing') || sides.has('product')).toBe(true);
    if (await page.getByTestId('activity-more').count()) {
      const before = await items.count();
      await page.getByTestId('activity-more').click();
      await expect.poll(() => items.count(), { timeout: 45_000 }).toBeGreaterThan(before);
    }
    await shot('customer');
  });

  it('the alert centre acknowledges an alert and it leaves the open list', { timeout: 240_000 }, async () => {
    await go('/success/alerts');
    await page.getByTestId('alert-centre').waitFor({ timeout: 90_000 });
    await settled();
    const cards = page.getByTestId('alert-card');
    expect(await cards.count()).toBeGreaterThan(0);
    const card = cards.first();
    expect(await card.getByTestId('alert-sentence').textContent()).toMatch(/\d/);
    await shot('alerts');
    const id = await card.getAttribute('data-alert-id');
    const total = number(await page.getByTestId('alert-total').textContent());
    await card.getByTestId('alert-acknowledge').click();
    await expect.poll(() => page.locator(`[data-alert-id="${id}"]`).count(), { timeout: 45_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('alert-total').textContent().then(number), { timeout: 45_000 }).toBe(total - 1);
    // It is among the acknowledged ones, saying who acknowledged it.
    await page.getByTestId('alert-status-open').click();
    await page.getByTestId('alert-status-acknowledged').click();
    const acked = page.locator(`[data-alert-id="${id}"]`);
    await acked.waitFor({ timeout: 45_000 });
    expect(await acked.getAttribute('data-status')).toBe('acknowledged');
    expect(await acked.textContent()).toContain('acknowledged by');
  });

  it('Executive shows the NPS the Success screen shows', { timeout: 240_000 }, async () => {
    await go('/');
    await page.getByTestId('kpi-cards').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('metric-nps').getByTestId('metric-value').textContent(), { timeout: 90_000 }).toMatch(/\d/);
    const executive = await page.getByTestId('metric-nps').locator('[data-figure="nps"]').textContent();
    await shot('executive');
    await go('/success');
    await expect.poll(() => page.locator('[data-figure="nps"]').textContent(), { timeout: 90_000 }).toBe(executive);
  });

  it('the Settings tabs of customer success', { timeout: 300_000 }, async () => {
    for (const [tab, panel] of [['success', 'success-settings-panel'], ['plan-limits', 'plan-limits-panel'], ['alert-rules', 'alert-rules-panel'], ['accounts', 'accounts-panel']] as const) {
      await go(`/settings/${tab}`);
      await page.getByTestId(panel).waitFor({ timeout: 90_000 });
      await settled();
      await shot(`settings-${tab}`);
    }
    // Weights must add up to 100, checked as one types.
    await go('/settings/success');
    await page.getByTestId('weight-usage').fill('45');
    await expect.poll(() => page.getByTestId('weight-sum').getAttribute('data-valid')).toBe('false');
    expect(await page.getByTestId('weights-error').textContent()).toContain('115');
    expect(await page.getByTestId('success-settings-save').isDisabled()).toBe(true);
    await page.getByTestId('weight-usage').fill('30');
    await expect.poll(() => page.getByTestId('weight-sum').getAttribute('data-valid')).toBe('true');

    // An ingest key: its hint, then the tracking snippet with the key in it.
    await go('/settings/api-keys');
    await page.getByTestId('api-keys-panel').waitFor({ timeout: 90_000 });
    await page.getByTestId('role-select').selectOption('ingest');
    await page.getByTestId('ingest-hint').waitFor();
    await page.locator('input[name="name"]').fill('Segment');
    await page.getByRole('button', { name: 'Create key' }).click();
    const token = await page.getByTestId('new-api-key').textContent();
    expect(await page.getByTestId('tracking-snippet').textContent()).toContain(token!);
    await shot('settings-api-keys-ingest');
  });

  it('logged no error in the browser', () => {
    expect(errors).toEqual([]);
  });
});
