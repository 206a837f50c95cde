// Settings → Webhooks and Settings → Backups in the real dashboard: add an endpoint pointing at a
// receiver started here, see its secret once, send a test event that arrives signed with that
// secret and shows as delivered in the delivery log; back up now and find the archive in the folder
// and in the history.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { verifySignature } from '../../src/notify/webhook-signature.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';

const OWNER = { email: 'owner@operations.example', password: 'operations owner passphrase' };
const runBrowser = chromiumPath !== null || mustRunBrowser;

describe.skipIf(!runBrowser)('Settings → Webhooks and Backups in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let receiver: Server;
  let receiverUrl: string;
  let backupDir: string;
  let workspaceId: string;
  const received: { signature: string | undefined; body: string }[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ signature: request.headers['revpulse-signature'] as string | undefined, body });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-e2e-operations-'));
    backupDir = path.join(dataDir, 'archives');
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
      REVPULSE_ADMIN_EMAIL: OWNER.email, REVPULSE_ADMIN_PASSWORD: OWNER.password, REVPULSE_BACKUP_DIR: backupDir,
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    server.url = server.url.replace('localhost', '127.0.0.1');
    workspaceId = (await findWorkspaceBySlug(server.runtime.store.db, 'default'))!.id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('adds an endpoint, shows its secret once, and a test event arrives signed and is logged as delivered', async () => {
    await page.goto(`${server.url}/settings/webhooks?workspace=${workspaceId}`);
    const panel = page.getByTestId('webhooks-panel');
    await panel.waitFor();
    await panel.locator('input[name="url"]').fill(receiverUrl);
    await panel.locator('input[name="description"]').fill('Our CRM');
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent({ timeout: 30_000 }))!.trim();
    expect(secret).toMatch(/^whsec_/);
    const endpoint = page.getByTestId('webhook-endpoint').first();
    await expect.poll(() => endpoint.textContent()).toContain(receiverUrl);
    await endpoint.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByTestId('webhook-deliveries').getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const delivery = received[0]!;
    expect(verifySignature(delivery.signature, delivery.body, secret, new Date())).toMatchObject({ ok: true });
    const log = page.getByTestId('webhook-deliveries');
    await expect.poll(async () => {
      await log.getByRole('button', { name: 'Send test event' }).isVisible();
      return log.locator('tbody tr').first().textContent();
    }, { timeout: 30_000 }).toMatch(/delivered.*200/);
    await page.reload();
    await page.getByTestId('webhook-endpoint').first().getByRole('button', { name: 'Deliveries' }).click();
    await expect.poll(() => page.getByTestId('webhook-deliveries').locator('tbody tr').first().textContent(), { timeout: 30_000 }).toMatch(/delivered.*200/);
    // The secret was shown once: after a reload it is nowhere on the page.
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: 'test-results/operations-webhooks.png', fullPage: true });
  });

  it('backs up now: the archive is in the folder and in the history', async () => {
    await page.goto(`${server.url}/settings/backups?workspace=${workspaceId}`);
    await page.getByTestId('backups-panel').waitFor();
    await page.getByTestId('backup-now').click();
    const done = (await page.getByTestId('backup-done').textContent({ timeout: 90_000 }))!;
    const file = /revpulse-[^\s)]+\.tar\.gz/.exec(done)?.[0];
    expect(file, done).toBeTruthy();
    expect(existsSync(path.join(backupDir, file!))).toBe(true);
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
    await expect.poll(() => page.getByTestId('backups-history').locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('backups-history').textContent()).toContain(file!);
    await page.screenshot({ path: 'test-results/operations-backups.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
