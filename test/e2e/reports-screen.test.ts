// The Reports screen in real Chromium on the DEMO data (one server, one page, few loads): the list
// shows the three built-in reports as GET /v1/reports names them; Preview frames the HTML e-mail,
// whose MRR is the Executive screen's MRR card (and the report document's own MRR); Download PDF
// saves a file that starts with %PDF; a schedule refused by the server shows why, then is created
// and listed with its next run; "Send now" without SMTP fails with the clear message in the
// delivery log; a custom report is built and joins the list. Screenshots go to REVPULSE_SHOTS_DIR
// (default test-results) as reports-*.png; the page must log no console error.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument, ReportListResponse, ReportSchedule } from '../../src/read/reports/contract.js';
import { MAIL_NOT_CONFIGURED } from '../../src/notify/mailer.js';
import { formatMoney } from '../../web/src/lib/format.js';
import { formatInZone } from '../../web/src/features/reports/schedule-form.js';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const SHOTS = process.env.REVPULSE_SHOTS_DIR ?? 'test-results';
const LOCALE = 'en-US';

describe.skipIf(!runBrowser)('the Reports screen on the demo data', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** Console errors the test causes on purpose. Playwright's clock (installClock) adds a script
   *  to every frame, which the preview's sandbox (no allow-scripts) refuses to run: that refusal
   *  is the sandbox working, not a page error. */
  const expected: readonly RegExp[] = [/Blocked script execution in '[^']*\/v1\/reports\/[^']*format=html.*sandboxed/];

  const shot = async (name: string) => {
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/reports-${name}.png`, fullPage: true });
  };
  const settled = async () => {
    await expect.poll(() => page.locator('[aria-busy="true"], .skeleton').count(), { timeout: 120_000 }).toBe(0);
  };
  const api = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${demo.url}${demo.pathFor(path)}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };
  const tab = async (id: 'reports' | 'schedules' | 'deliveries' | 'custom') => {
    await page.getByTestId(`reports-tab-${id}`).click();
    await page.waitForURL((url) => url.pathname === (id === 'reports' ? '/reports' : `/reports/${id}`));
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: LOCALE, timezoneId: 'UTC', acceptDownloads: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    await demo.installClock(page);
    await demo.login(page, '/');
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('lists the three built-in reports; the preview of today’s daily e-mail shows the Executive screen’s MRR', { timeout: 300_000 }, async () => {
    const card = page.getByTestId('kpi-cards').locator('[data-figure="mrr"]');
    await card.waitFor({ timeout: 120_000 });
    await settled();
    const mrrOnExecutive = (await card.textContent())!.trim();
    expect(mrrOnExecutive).toMatch(/\d/);

    // Client-side navigation: the nav entry, no page load.
    await page.locator('nav').getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByTestId('report-list').waitFor({ timeout: 90_000 });
    await settled();
    const list = await api<ReportListResponse>('/v1/reports');
    const rows = page.getByTestId('report-row');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-report')))).toEqual(['daily', 'weekly', 'board']);
    for (const b of list.builtin) {
      const row = page.locator(`[data-testid="report-row"][data-report="${b.kind}"]`);
      expect(await row.getByTestId('report-title').textContent()).toContain(b.title);
      // Each picker starts on the last complete period the server names.
      expect(await row.getByTestId('report-period').inputValue()).toBe(b.defaultPeriod);
    }

    // Today so far: read at the same instant as the Executive card (the demo pulse is off in tests).
    const today = new Date(await page.evaluate(() => Date.now())).toISOString().slice(0, 10);
    const daily = page.locator('[data-testid="report-row"][data-report="daily"]');
    await daily.getByTestId('report-period').selectOption(today);
    await daily.getByTestId('report-preview').click();
    const panel = page.getByTestId('report-preview-panel');
    await panel.waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.getAttribute('aria-busy'), { timeout: 120_000 }).toBeNull();
    const frame = page.frameLocator('[data-testid="report-frame"]');
    const frameText = (await frame.locator('body').textContent({ timeout: 60_000 })) ?? '';
    expect(frameText, 'the preview shows the Executive MRR').toContain(mrrOnExecutive);
    // The e-mail carries no script (the frame's sandbox would refuse one anyway).
    expect(await frame.locator('script').count()).toBe(0);

    // The same figure in the report document itself (the API's JSON of the same report and period).
    const doc = await api<ReportDocument>(`/v1/reports/daily?format=json&period=${today}`);
    const mrrKpi = doc.sections.flatMap((s) => s.blocks).flatMap((b) => (b.type === 'kpis' ? b.kpis : [])).find((k) => k.figure.metric === 'mrr');
    expect(mrrKpi?.figure.value).not.toBeNull();
    expect(formatMoney(mrrKpi!.figure.value!, mrrKpi!.figure.currency ?? doc.currency, LOCALE)).toBe(mrrOnExecutive);
    await shot('list-preview');
  });

  it('Download PDF saves a PDF file', { timeout: 240_000 }, async () => {
    const board = page.locator('[data-testid="report-row"][data-report="board"]');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), board.getByTestId('report-download-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.getByTestId('report-download-error').count()).toBe(0);
  });

  it('a schedule the server refuses says why; a good one is listed in words with its next run', { timeout: 240_000 }, async () => {
    await tab('schedules');
    await page.getByTestId('report-schedules').waitFor({ timeout: 60_000 });
    await settled();
    // The demo server has no SMTP settings: the screen says so.
    await page.getByTestId('mail-not-configured').waitFor({ timeout: 30_000 });
    await page.getByTestId('schedule-add').click();
    const editor = page.getByTestId('schedule-editor');
    await editor.getByTestId('schedule-report').selectOption('weekly');
    expect(await editor.getByTestId('schedule-preset').inputValue()).toBe('weekly');
    await editor.getByTestId('schedule-timezone').selectOption('Europe/Berlin');
    expect(await editor.getByTestId('schedule-words').textContent()).toBe('Every Monday at 08:00 (Europe/Berlin)');
    await editor.getByTestId('schedule-recipients').fill('ceo@demo.example, board@demo.example');
    // A cron expression with a minute 61 passes the form's shape check and is refused by the server.
    await editor.getByTestId('schedule-preset').selectOption('custom');
    await editor.getByTestId('schedule-cron').fill('61 8 * * 1');
    const refused = page.waitForResponse((r) => r.url().includes('/v1/report-schedules') && r.request().method() === 'POST');
    await editor.getByTestId('schedule-save').click();
    expect((await refused).status()).toBe(400);
    const refusal = editor.getByTestId('schedule-server-error');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toMatch(/cron/i);
    // Chromium logs the refused request as a console error: this one was asked for, once.
    await expect.poll(() => errors.findIndex((e) => /status of 400/.test(e)), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    errors.splice(errors.findIndex((e) => /status of 400/.test(e)), 1);
    await editor.getByTestId('schedule-preset').selectOption('weekly');
    await editor.getByTestId('schedule-save').click();
    await editor.waitFor({ state: 'detached', timeout: 30_000 });

    const row = page.getByTestId('schedule-row');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByTestId('schedule-when').textContent()).toBe('Every Monday at 08:00 (Europe/Berlin)');
    const { data } = await api<{ data: ReportSchedule[] }>('/v1/report-schedules');
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'Europe/Berlin', recipients: ['ceo@demo.example', 'board@demo.example'], enabled: true });
    expect(data[0]!.nextRunAt).not.toBeNull();
    expect(await row.getByTestId('schedule-next-run').textContent()).toBe(formatInZone(data[0]!.nextRunAt!, 'Europe/Berlin', LOCALE));
    // The next run is a Monday at 08:00 in Berlin.
    expect(formatInZone(data[0]!.nextRunAt!, 'Europe/Berlin', LOCALE)).toMatch(/^Mon, .* 08:00$/);
    await shot('schedules');
  });

  it('"Send now" without SMTP fails with the clear message, in place and in the delivery log', { timeout: 240_000 }, async () => {
    await tab('reports');
    const daily = page.locator('[data-testid="report-row"][data-report="daily"]');
    await daily.waitFor({ timeout: 60_000 });
    await daily.getByTestId('report-send').click();
    await daily.getByTestId('send-to-me').check();
    await daily.getByTestId('send-submit').click();
    const result = daily.getByTestId('send-result');
    await result.waitFor({ timeout: 30_000 });
    await expect.poll(() => result.getByTestId('delivery-status').getAttribute('data-status'), { timeout: 120_000 }).toBe('failed');
    expect(await result.getByTestId('send-result-error').textContent()).toContain(MAIL_NOT_CONFIGURED);
    const id = await result.getAttribute('data-delivery-id');

    await tab('deliveries');
    const row = page.locator(`[data-testid="delivery-row"][data-delivery-id="${id}"]`);
    await row.waitFor({ timeout: 60_000 });
    await settled();
    expect(await row.getAttribute('data-trigger')).toBe('manual');
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await page.locator(`[data-testid="delivery-error"][data-delivery-id="${id}"]`).textContent()).toContain(MAIL_NOT_CONFIGURED);
    expect(await row.getByTestId('delivery-resend').count()).toBe(1);
    await shot('deliveries');
  });

  it('a custom report is built from registry metrics and joins the list', { timeout: 240_000 }, async () => {
    await tab('custom');
    await page.getByTestId('custom-reports').waitFor({ timeout: 60_000 });
    await page.getByTestId('custom-add').click();
    const builder = page.getByTestId('custom-builder');
    await builder.getByTestId('custom-name').fill('Retention, quarterly');
    for (const metric of ['nrr', 'grr']) await builder.getByTestId(`custom-metric-${metric}`).check();
    await builder.getByTestId('custom-granularity').selectOption('quarter');
    await builder.getByTestId('custom-periods').fill('6');
    expect(await builder.getByTestId('custom-metric-count').textContent()).toContain('5 of at most 12');
    await shot('custom-builder');
    await builder.getByTestId('custom-save').click();
    await builder.waitFor({ state: 'detached', timeout: 30_000 });
    const saved = page.getByTestId('custom-row');
    await expect.poll(() => saved.count(), { timeout: 30_000 }).toBe(1);
    const list = await api<ReportListResponse>('/v1/reports');
    expect(list.custom.map((c) => ({ name: c.name, ...c.definition }))).toEqual([
      { name: 'Retention, quarterly', metrics: ['mrr', 'customers', 'net_new_mrr', 'nrr', 'grr'], granularity: 'quarter', periods: 6, compare: 'previous_period', segmentId: null },
    ]);
    await tab('reports');
    const row = page.locator(`[data-testid="report-row"][data-report="${list.custom[0]!.id}"]`);
    await row.waitFor({ timeout: 60_000 });
    // Its picker offers quarters and starts on the last complete one (the demo's today is in Q1 2026).
    expect(await row.getByTestId('report-period').inputValue()).toBe('2025-Q4');
    const unexpected = errors.filter((e) => !expected.some((re) => re.test(e)));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  });
});
