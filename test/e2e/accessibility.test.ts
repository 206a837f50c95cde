// WCAG 2 A/AA on every screen of the demo, in real Chromium: axe-core (the engine behind most
// accessibility checkers) runs over the sign-in page, Executive, Operations, Revenue, Cohorts,
// Customers, a customer's page, Customer success (overview, usage, segments, alerts), every
// Settings tab and the explain panel, once each screen shows
// its data, and a few screens again in the dark theme. No violation of impact serious or critical may remain; a failure lists each rule, its
// impact, how many nodes and the first selectors. Each screen is screenshotted into
// test-results/a11y-<screen>.png.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

const runBrowser = chromiumPath !== null || mustRunBrowser;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

type AxeNode = { target: unknown[]; failureSummary?: string };
type AxeRule = { id: string; impact: string | null; help: string; nodes: AxeNode[] };
type AxeResults = { violations: AxeRule[]; passes: AxeRule[] };

/** One line per blocking violation: "color-contrast (serious) ×12 Elements must meet…: .a, .b, .c". */
function blocking(results: AxeResults): string[] {
  return results.violations
    .filter((v) => v.impact !== null && BLOCKING.has(v.impact))
    .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length} ${v.help}: ${v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes[0]?.failureSummary ? ` — ${v.nodes[0].failureSummary.replace(/\s+/g, ' ')}` : ''}`);
}

describe.skipIf(!runBrowser)('accessibility (WCAG 2 A/AA) of every screen', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  /** Runs axe over the whole document as it is now and returns its results (and a screenshot). */
  const audit = async (name: string): Promise<AxeResults> => {
    // Let a change flash or fade settle: axe reads the colours as painted.
    await page.waitForTimeout(400);
    await page.screenshot({ path: `test-results/a11y-${name}.png`, fullPage: true });
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
    const results = await page.evaluate(async () => {
      const win = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<AxeResults> } };
      const r = await win.axe.run(win.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      const slim = (rules: AxeRule[]) => rules.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
      return { violations: slim(r.violations), passes: slim(r.passes) };
    });
    const found = blocking(results);
    if (found.length > 0) process.stderr.write(`axe on ${name}:\n  ${found.join('\n  ')}\n`);
    return results;
  };

  /** The screen has content and axe checked something on it; no serious or critical violation. */
  const expectAccessible = async (name: string) => {
    const results = await audit(name);
    expect(results.passes.length, `axe found nothing to check on ${name}`).toBeGreaterThan(0);
    expect(blocking(results), name).toEqual([]);
  };

  /** Waits until nothing on the page says it is loading. */
  const settled = async () => {
    await expect.poll(() => page.locator('[aria-busy="true"], .skeleton').count(), { timeout: 90_000 }).toBe(0);
  };

  const go = async (path: string, ready: string) => {
    await page.goto(`${demo.url}${demo.pathFor(path)}`);
    await page.getByTestId(ready).first().waitFor({ timeout: 90_000 });
    await settled();
  };

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchBrowser();
    // axe is injected as a script tag, which the dashboard's Content-Security-Policy would refuse.
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', timezoneId: 'UTC', bypassCSP: true });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.request().method()} ${response.url()}`));
    await demo.installClock(page);
  }, 300_000); // the first browser test of a run builds the demo (see demo-server.ts)

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('sign-in page', async () => {
    await page.goto(`${demo.url}/login`);
    await page.getByTestId('login-email').waitFor();
    await expectAccessible('login');
    await demo.login(page, '/');
  });

  it('Executive', async () => {
    await page.getByTestId('kpi-cards').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('metric-mrr').getByTestId('metric-value').first().textContent(), { timeout: 90_000 }).toMatch(/\d/);
    await expect.poll(() => page.getByTestId('top-customers').locator('tbody tr').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await settled();
    await expectAccessible('executive');
  });

  it('the explain panel', async () => {
    await page.getByTestId('metric-mrr').getByTestId('metric-value').first().click();
    const panel = page.getByTestId('explain-panel');
    await expect.poll(() => panel.getByTestId('explain-total').textContent(), { timeout: 90_000 }).toMatch(/\d/);
    await expect.poll(() => panel.getByTestId('explain-group').count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await expectAccessible('explain');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('Operations', async () => {
    await go('/operations', 'realtime-panel');
    await page.getByTestId('activity-feed').waitFor({ timeout: 90_000 });
    await expectAccessible('operations');
  });

  it('Revenue', async () => {
    await go('/revenue', 'monthly-table');
    await expectAccessible('revenue');
  });

  it('Cohorts', async () => {
    await go('/cohorts', 'cohort-heatmap');
    await expectAccessible('cohorts');
  });

  it('Customers and a customer page', async () => {
    await go('/customers', 'customer-row');
    await expectAccessible('customers');
    await page.getByTestId('customer-link').first().click();
    await page.getByTestId('customer-name').waitFor({ timeout: 90_000 });
    await settled();
    await expectAccessible('customer');
  });

  for (const [tab, ready] of [['overview', 'health-distribution'], ['usage', 'dau-chart'], ['segments', 'segments-grid'], ['alerts', 'alert-centre']] as const) {
    it(`Customer success → ${tab}`, async () => {
      await go(tab === 'overview' ? '/success' : `/success/${tab}`, ready);
      await expectAccessible(`success-${tab}`);
    });
  }

  it('Compliance', async () => {
    await go('/compliance', 'retention-panel');
    await page.getByTestId('compliance-report').waitFor({ timeout: 90_000 });
    await expectAccessible('compliance');
  });

  const SETTINGS_PANELS: Readonly<Record<string, string>> = { success: 'success-settings-panel' };
  for (const tab of ['team', 'workspace', 'sources', 'api-keys', 'success', 'plan-limits', 'alert-rules', 'accounts', 'webhooks', 'sso', 'backups', 'audit', 'security', 'account'] as const) {
    it(`Settings → ${tab}`, async () => {
      const panel = SETTINGS_PANELS[tab] ?? (tab === 'workspace' ? 'workspace-panel' : `${tab}-panel`);
      await go(`/settings/${tab}`, panel);
      await expectAccessible(`settings-${tab}`);
    });
  }

  // The dark theme's tokens (prefers-color-scheme: dark) meet the same contrast.
  for (const [name, path, ready] of [['executive', '/', 'kpi-cards'], ['revenue', '/revenue', 'monthly-table'], ['customers', '/customers', 'customer-row'], ['success', '/success', 'at-risk'], ['settings-sources', '/settings/sources', 'sources-panel']] as const) {
    it(`dark theme: ${name}`, async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      try {
        await go(path, ready);
        await expectAccessible(`dark-${name}`);
      } finally {
        await page.emulateMedia({ colorScheme: 'light' });
      }
    });
  }

  it('logged no error in the browser', () => {
    expect(errors).toEqual([]);
  });
});
