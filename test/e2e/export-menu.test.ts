// "Export ▾" in real Chromium on the demo data: Export → Excel on a chart panel (the executive
// revenue trend) and on a table panel (the revenue screen's MRR by plan) downloads a workbook whose
// figures are the route's JSON for the same query; Export → PDF downloads a PDF; the menu is
// operated by keyboard (↓ opens it on the first item, End, Escape gives focus back). The menu open
// over a panel is screenshotted into /tmp/shots/export-*.png (and test-results/).
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { majorNumber, readXlsx } from '../helpers/xlsx-read.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const SHOTS = process.env.REVPULSE_SHOTS_DIR ?? 'test-results';

describe.skipIf(!runBrowser)('the Export menu in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const settled = async () => {
    await expect.poll(() => page.locator('[aria-busy="true"], .skeleton').count(), { timeout: 90_000 }).toBe(0);
  };
  const shot = async (name: string) => {
    for (const dir of [SHOTS, '/tmp/shots']) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: `${dir}/export-${name}.png` });
    }
  };
  /** Chooses `format` in the panel's menu; the downloaded file and the JSON of the same request. */
  const exportFrom = async (panel: string, format: 'xlsx' | 'pdf') => {
    const menu = page.getByTestId(`${panel}-export`);
    const item = menu.getByTestId(`export-${format}`);
    // On a loaded runner a panel can re-render (a refetch) between the click and the menu showing,
    // closing it again: open it until its item shows.
    for (let attempt = 1; ; attempt += 1) {
      if (!(await item.isVisible())) await menu.getByTestId('export-menu-button').click();
      try {
        await item.waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt >= 6) throw error;
      }
    }
    const [download, request] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.waitForRequest((r) => r.url().includes(`format=${format}`), { timeout: 90_000 }),
      item.click(),
    ]);
    const body = readFileSync((await download.path())!);
    const url = new URL(request.url());
    url.searchParams.delete('format');
    const json = (await (await page.request.get(url.toString())).json()) as unknown;
    return { body, json, filename: download.suggestedFilename(), path: url.pathname };
  };
  /** The focused element's text and test id. */
  const focused = () =>
    page.evaluate(() => {
      type Element = { textContent: string | null; getAttribute(name: string): string | null };
      const active = (globalThis as unknown as { document: { activeElement: Element | null } }).document.activeElement;
      return { text: active?.textContent ?? '', testId: active?.getAttribute('data-testid') ?? null };
    });
  const tableSheet = async (body: Buffer) => {
    const sheet = (await readXlsx(body)).sheets.find((s) => s.name !== 'Summary')!;
    const header = sheet.values[0]!.map(String);
    const end = sheet.values.findIndex((r, i) => i > 0 && r.every((v) => v === null));
    return sheet.values.slice(1, end < 0 ? undefined : end).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
  };

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    await demo.installClock(page);
    await demo.login(page, '/');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('Export → Excel on a chart panel: the revenue trend workbook holds the movements JSON', { timeout: 240_000 }, async () => {
    await page.getByTestId('revenue-trend').locator('[role="img"]').waitFor({ timeout: 90_000 });
    await settled();
    const { body, json, filename, path } = await exportFrom('revenue-trend', 'xlsx');
    expect(path).toBe('/v1/metrics/movements');
    expect(filename).toBe('movements.xlsx');
    const movements = json as { currency: string; periods: { mrr: number; movements: { new: number }; customers: number }[] };
    const rows = await tableSheet(body);
    expect(rows).toHaveLength(movements.periods.length);
    expect(movements.periods.some((p) => p.mrr > 0)).toBe(true);
    movements.periods.forEach((p, i) => {
      expect(rows[i]!.MRR).toBe(majorNumber(p.mrr, movements.currency));
      expect(rows[i]!['Movements · new']).toBe(majorNumber(p.movements.new, movements.currency));
      expect(rows[i]!.Customers).toBe(p.customers);
    });
  });

  it('Export → Excel and PDF on a table panel: MRR by plan on the revenue screen', { timeout: 240_000 }, async () => {
    await page.goto(`${demo.url}${demo.pathFor('/revenue')}`);
    await page.getByTestId('revenue-by-plan-export').waitFor({ timeout: 90_000 });
    await settled();
    const { body, json } = await exportFrom('revenue-by-plan', 'xlsx');
    const byPlan = json as { currency: string; plans: { planName: string; mrr: number; customers: number }[] };
    const rows = await tableSheet(body);
    expect(rows.map((r) => r['Plan name'])).toEqual(byPlan.plans.map((p) => p.planName));
    byPlan.plans.forEach((p, i) => {
      expect(rows[i]!.MRR).toBe(majorNumber(p.mrr, byPlan.currency));
      expect(rows[i]!.Customers).toBe(p.customers);
    });
    const pdf = await exportFrom('revenue-by-plan', 'pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.filename).toBe('mrr-by-plan.pdf');
    await expect.poll(() => page.getByTestId('revenue-by-plan-export').locator('.export-menu-status').textContent()).toContain('Saved mrr-by-plan.pdf');
  });

  it('works from the keyboard, and the open menu sits over the panel', { timeout: 120_000 }, async () => {
    const button = page.getByTestId('failures-by-reason-export').getByTestId('export-menu-button');
    await button.focus();
    await page.keyboard.press('ArrowDown');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect((await focused()).text).toContain('CSV');
    await page.keyboard.press('End');
    expect((await focused()).text).toContain('PDF');
    await page.keyboard.press('ArrowDown');
    expect((await focused()).text).toContain('CSV');
    await page.keyboard.press('ArrowUp');
    await shot('menu-open');
    // The list lies fully inside the viewport, under its button.
    const [list, at] = await Promise.all([menu.boundingBox(), button.boundingBox()]);
    expect(list!.y).toBeGreaterThanOrEqual(at!.y + at!.height);
    expect(list!.x + list!.width).toBeLessThanOrEqual(1360);
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect((await focused()).testId).toBe('export-menu-button');
    expect(errors).toEqual([]);
  });
});
