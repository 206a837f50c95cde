// The executive and operations screens in real Chromium on the demo data: every figure there on
// first load, the explain panel adding up to the figure it explains, annotations added, edited
// and removed, signed webhooks moving the MRR card, the real-time panel and the activity feed
// without a reload, and the live indicator going stale once the (injected) clock passes 5
// minutes without data. The server's and the page's clocks start at the pinned DEMO_NOW, so the
// run does not depend on the day. Screenshots of each screen land in test-results/ (desktop and
// tablet).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { event, price, subscription } from '../helpers/stripe-events.js';
import { DATA_MESSAGE_TYPES } from '../../web/src/features/metrics/live-summary.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const MINUTE = 60_000;

/** "$111,186.61" → 11118661 (the e2e runs in en-US). */
function minor(text: string | null): number {
  const digits = (text ?? '').replace(/[^0-9.-]/g, '');
  return Math.round(Number(digits) * 100);
}

const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

describe.skipIf(!runBrowser)('executive and operations in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** The server's clock, in unix seconds. */
  const now = () => Math.floor(demo.clock.now().getTime() / 1000);

  const newCustomer = async (id: string, name: string, amount: number) => {
    const at = now() - 30;
    expect(await demo.postSignedWebhook(event('customer.created', { id, object: 'customer', email: `${id}@e2e.example`, name, address: { country: 'DE' }, currency: 'usd', created: at, metadata: {} }, at))).toBe(200);
    expect(await demo.postSignedWebhook(event('customer.subscription.created', subscription({ id: `sub_${id}`, customer: id, price: price({ amount }), start: at }), at + 1))).toBe(200);
  };
  const value = (testId: string) => page.getByTestId(testId).getByTestId('metric-value').first();
  const noReload = () => page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload === true);
  /** The newest time the live indicator counts as data (ms): the latest event's time or data
   *  message's stamp, once the worker has processed everything posted. */
  const newestDataAt = async (): Promise<number> => {
    await demo.server.worker.drain();
    const db = demo.server.runtime.store.db;
    const [message, source] = await Promise.all([
      db.selectFrom('live_messages').select((eb) => eb.fn.max('created_at').as('at')).where('workspace_id', '=', demo.workspaceId).where('type', 'in', [...DATA_MESSAGE_TYPES]).executeTakeFirst(),
      db.selectFrom('sources').select((eb) => eb.fn.max('last_event_at').as('at')).where('workspace_id', '=', demo.workspaceId).executeTakeFirst(),
    ]);
    return Math.max(...[message?.at, source?.at].map((at) => (at ? new Date(at).getTime() : 0)));
  };

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    // The page runs on the server's clock, which the live indicator test stops.
    await demo.installClock(page);
    await demo.login(page, '/');
  }, 300_000); // the first browser test of a run builds the demo (see demo-server.ts)

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows the executive screen on the demo data', async () => {
    await expect.poll(() => value('metric-mrr').textContent(), { timeout: 20_000 }).toMatch(/^\$[\d,]+\.\d\d$/);
    for (const id of ['metric-arr', 'metric-growth', 'metric-arpa', 'metric-churn', 'metric-nrr']) {
      await expect.poll(() => value(id).textContent(), { timeout: 15_000 }).toMatch(/\d/);
    }
    await expect.poll(() => page.getByTestId('revenue-trend').locator('.recharts-bar-rectangle').count(), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(await page.getByTestId('revenue-trend').locator('[role="img"]').getAttribute('aria-label')).toMatch(/^Revenue trend\. MRR went from \$.* Projected \$/);
    await expect.poll(() => page.getByTestId('top-customers').locator('tbody tr').count()).toBe(8);
    await expect.poll(() => page.getByTestId('revenue-by-plan').locator('li').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('metric-customers').getByTestId('metric-value').textContent()).toMatch(/^\d[\d,]*$/);
    await page.screenshot({ path: 'test-results/executive.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('explains MRR with lines that add up to the figure on the card', async () => {
    const shown = await value('metric-mrr').textContent();
    await value('metric-mrr').click();
    const panel = page.getByTestId('explain-panel');
    await expect.poll(() => panel.getByTestId('explain-total').textContent(), { timeout: 15_000 }).toBe(shown);
    // The first 100 of all the lines, largest first; then every line.
    const lineCount = Number(await panel.getByTestId('explain-line-count').getAttribute('data-value'));
    expect(lineCount).toBeGreaterThan(100); // 2,000 demo customers
    expect(await panel.getByTestId('explain-shown').textContent()).toBe(`(100 of ${lineCount.toLocaleString('en-US')} lines)`);
    await panel.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/explain-mrr-first-page.png' });
    await panel.getByTestId('explain-load-all').click();
    await expect.poll(() => panel.getByTestId('explain-group').first().getAttribute('data-complete'), { timeout: 30_000 }).toBe('true');
    expect(await panel.getByTestId('explain-lines').locator('tbody tr').count()).toBe(lineCount);
    const groups = await panel.getByTestId('explain-group').evaluateAll((rows) => rows.map((r) => ({ native: Number(r.getAttribute('data-native')), reporting: Number(r.getAttribute('data-reporting')), loaded: Number(r.getAttribute('data-loaded-sum')) })));
    expect(groups.length).toBeGreaterThan(1); // the demo bills in usd, eur and gbp
    for (const g of groups) expect(g.loaded).toBe(g.native);
    const total = Number(await panel.getByTestId('explain-total').getAttribute('data-value'));
    expect(groups.reduce((s, g) => s + g.reporting, 0)).toBe(total);
    expect(Number(await panel.getByTestId('explain-loaded-sum').getAttribute('data-value'))).toBe(total);
    expect(total).toBe(minor(shown));
    await panel.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/explain-mrr.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);

    // A movement of the selected month: the chip's amount is the explained total.
    const chip = page.getByTestId('movement-new');
    const chipAmount = minor(await chip.locator('.movement-chip-value').textContent());
    await chip.click();
    await expect.poll(() => panel.getByTestId('explain-total').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(chipAmount));
    await page.getByRole('button', { name: 'Close the explanation' }).click();
    expect(errors).toEqual([]);
  });

  it('adds, edits and removes an annotation on the revenue trend', async () => {
    const annotations = page.getByTestId('annotations');
    await annotations.getByTestId('annotation-add').click();
    const form = annotations.getByTestId('annotation-form');
    await form.locator('input[name=title]').fill('Launched the Team plan');
    await form.locator('select[name=kind]').selectOption('launch');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => annotations.getByTestId('annotation-item').first().textContent()).toContain('Launched the Team plan');
    await expect.poll(() => page.getByTestId('revenue-trend').locator('.recharts-label', { hasText: '⚑ 1' }).count()).toBe(1);

    await annotations.getByRole('button', { name: 'Edit “Launched the Team plan”' }).click();
    await form.locator('input[name=title]').fill('Launched Team and Scale');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => annotations.getByTestId('annotation-item').first().textContent()).toContain('Launched Team and Scale');
    await page.getByTestId('revenue-trend').screenshot({ path: 'test-results/executive-annotation.png' });

    page.once('dialog', (dialog) => void dialog.accept());
    await annotations.getByRole('button', { name: 'Remove “Launched Team and Scale”' }).click();
    await expect.poll(() => annotations.getByTestId('annotation-item').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('moves the MRR card when a signed webhook arrives, without a reload', async () => {
    const before = minor(await value('metric-mrr').textContent());
    await page.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));
    await newCustomer('cus_e2e_live_1', 'Rocket Analytics GmbH', 4_900);
    await expect.poll(() => value('metric-mrr').textContent(), { timeout: 15_000 }).toBe(usd(before + 4_900));
    await expect.poll(() => value('metric-arr').textContent(), { timeout: 15_000 }).toBe(usd((before + 4_900) * 12));
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    expect(await noReload()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('moves the real-time panel and the activity feed on the operations screen', async () => {
    await page.getByTestId('nav-operations').click();
    await page.waitForURL(/\/operations\?workspace=/);
    const mrrBefore = minor(await page.getByTestId('rt-mrr').getByTestId('metric-value').textContent({ timeout: 15_000 }));
    const feed = page.getByTestId('activity-feed');
    // The earlier webhook is in the feed (replayed on connect, then kept), under the customer's name.
    await expect.poll(() => feed.getByTestId('activity-item').first().textContent(), { timeout: 15_000 }).toContain('Rocket Analytics GmbH');
    const signups = Number(await page.getByTestId('rt-signups').getByTestId('metric-value').textContent());

    await newCustomer('cus_e2e_live_2', 'Nimbus Logistics Ltd', 12_900);
    await expect.poll(() => page.getByTestId('rt-mrr').getByTestId('metric-value').textContent(), { timeout: 15_000 }).toBe(usd(mrrBefore + 12_900));
    await expect.poll(() => page.getByTestId('rt-signups').getByTestId('metric-value').textContent(), { timeout: 15_000 }).toBe(String(signups + 1));
    await expect.poll(() => feed.getByTestId('activity-item').first().textContent(), { timeout: 15_000 }).toContain('Nimbus Logistics Ltd');
    const first = feed.getByTestId('activity-item').first();
    expect(await first.getAttribute('data-kind')).toBe('signup');
    expect(await first.textContent()).toContain('+$129.00 MRR');
    expect(await noReload()).toBe(true);
    await page.screenshot({ path: 'test-results/operations.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('turns the live indicator stale once the clock passes 5 minutes without data', { timeout: 120_000 }, async () => {
    const status = page.getByTestId('live-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    // Both clocks stop 6½ minutes after the newest data, so its age is exactly 6m30s however long
    // the page takes to show it: "6m", half a minute from either edge, on any machine.
    const stopAt = new Date((await newestDataAt()) + 6.5 * MINUTE);
    demo.clock.freeze(stopAt);
    await page.clock.setFixedTime(stopAt);
    // The page reads the server's time off its last summary answer (re-read every minute), so a
    // request that crossed the freeze can hold the old time until the next one.
    await expect.poll(() => status.textContent(), { timeout: 75_000 }).toBe('Stale · updated 6m ago');
    expect(await status.getAttribute('data-state')).toBe('stale');
    await page.screenshot({ path: 'test-results/live-stale.png', clip: { x: 0, y: 0, width: 1280, height: 120 } });

    // New data brings it back.
    await newCustomer('cus_e2e_live_3', 'Orbit Studio SAS', 2_900);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    expect(errors).toEqual([]);
  });

  it('keeps the date range and comparison in the URL, so a view can be shared', async () => {
    await page.getByTestId('nav-executive').click();
    await page.getByTestId('range-preset').selectOption('24m');
    await page.getByTestId('range-compare').selectOption('previous_year');
    await page.waitForURL(/range=24m/);
    expect(new URL(page.url()).searchParams.get('compare')).toBe('previous_year');
    await expect.poll(() => page.getByTestId('metric-mrr').getByTestId('metric-trend').textContent(), { timeout: 15_000 }).toMatch(/vs Mar 18, 2025 \(last year\)$/); // like for like: the same day a year earlier
    await expect.poll(() => page.getByTestId('revenue-trend').textContent()).toContain('MRR a year earlier');
    // Opened from the address alone (a shared link), the view is the same.
    await page.goto(page.url());
    expect(await page.getByTestId('range-preset').inputValue()).toBe('24m');
    expect(await page.getByTestId('range-compare').inputValue()).toBe('previous_year');
    expect(await page.getByTestId('range-label').textContent()).toContain('Last 24 months · vs');
    await page.getByTestId('nav-operations').click();
    expect(new URL(page.url()).searchParams.get('range')).toBe('24m');
    expect(errors).toEqual([]);
  });

  it('fits a tablet (768 px) without clipped text', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [path, name] of [['/', 'executive'], ['/operations', 'operations']] as const) {
      await page.goto(`${demo.url}${demo.pathFor(path)}`);
      await expect.poll(() => page.getByTestId(path === '/' ? 'metric-mrr' : 'rt-mrr').getByTestId('metric-value').count(), { timeout: 20_000 }).toBe(1);
      await page.waitForTimeout(1_000);
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `test-results/${name}-tablet.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
