// The retention panel and the compliance report on the real Compliance screen: a policy below a
// limit is refused with a message naming the field, a valid one is saved and read back after a
// reload, a run shows with its counts, and the report downloads as a PDF.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { runRetention } from '../../src/compliance/retention.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';

const OWNER = { email: 'owner@retention.example', password: 'retention owner passphrase' };
const runBrowser = chromiumPath !== null || mustRunBrowser;

describe.skipIf(!runBrowser)('retention on the Compliance screen in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-e2e-retention-'));
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
      REVPULSE_ADMIN_EMAIL: OWNER.email, REVPULSE_ADMIN_PASSWORD: OWNER.password,
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    server.url = server.url.replace('localhost', '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets the policy, shows a run and downloads the report', async () => {
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${server.url}/compliance`);

    await page.getByTestId('retention-auditDays').fill('10');
    await page.getByTestId('retention-save').click();
    await expect.poll(() => page.getByTestId('retention-form').textContent()).toContain('Audit log: at least 30 days');
    await page.getByTestId('retention-auditDays').fill('365');
    await page.getByTestId('retention-rawPayloadDays').fill('90');
    await page.getByTestId('retention-save').click();
    await expect.poll(() => page.getByTestId('retention-form').textContent()).toContain('Saved.');

    const workspace = (await findWorkspaceBySlug(server.runtime.store.db, 'default'))!;
    await runRetention({ store: server.runtime.store, logger: createLogger('silent'), now: () => new Date(), auth: server.runtime.config.auth }, { workspaceIds: [workspace.id] });
    await page.reload();
    await expect.poll(() => page.getByTestId('retention-auditDays').inputValue()).toBe('365');
    await expect.poll(() => page.getByTestId('retention-usageRawDays').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('retention-run').count()).toBe(1);
    expect(await page.getByTestId('retention-run').textContent()).toContain('Completed');
    await page.screenshot({ path: 'test-results/retention-compliance.png', fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByTestId('compliance-report-pdf').click();
    expect((await download).suggestedFilename()).toMatch(/^revpulse-compliance-report-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(errors).toEqual([]);
  });
});
