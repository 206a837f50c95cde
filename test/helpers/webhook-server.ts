// A real server with no demo, one workspace and one Stripe source fed by signed webhooks: what a
// newcomer with a real account runs. Browser tests sign in to it as its owner.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createSource } from '../../src/store/sources-repo.js';
import { createSecretBox } from '../../src/store/secret-box.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';
import { TEST_SECRET_KEY } from './app.js';
import { signedWebhook, type TestEvent } from './stripe-events.js';

export type Owner = { email: string; password: string };

export type WebhookServer = {
  server: RunningServer;
  workspaceId: string;
  sourceId: string;
  /** Posts a signed event to the source's webhook and expects it stored (200). */
  post(event: TestEvent): Promise<void>;
  /** Signs the page in as the owner and waits for the dashboard. */
  signIn(page: Page): Promise<void>;
  stop(): Promise<void>;
};

export async function startWebhookServer(options: { owner: Owner; secret: string; sourceName?: string; dataDirPrefix: string }): Promise<WebhookServer> {
  const { owner, secret } = options;
  const config = loadConfig({
    REVPULSE_DATA_DIR: mkdtempSync(path.join(tmpdir(), options.dataDirPrefix)), REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1',
    REVPULSE_SECRET_KEY: TEST_SECRET_KEY, REVPULSE_ADMIN_EMAIL: owner.email, REVPULSE_ADMIN_PASSWORD: owner.password,
  });
  const server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
  server.url = server.url.replace('localhost', '127.0.0.1');
  const db = server.runtime.store.db;
  const workspaceId = (await findWorkspaceBySlug(db, 'default'))!.id;
  const sourceId = (await createSource(db, createSecretBox(TEST_SECRET_KEY), { workspaceId, provider: 'stripe', name: options.sourceName ?? 'Stripe', mode: 'test', webhookSecret: secret })).id;
  return {
    server,
    workspaceId,
    sourceId,
    async post(event) {
      const { body, headers } = signedWebhook(event, secret);
      const response = await fetch(`${server.url}/webhooks/stripe/${sourceId}`, { method: 'POST', body, headers });
      expect(response.status).toBe(200);
    },
    async signIn(page) {
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill(owner.email);
      await page.getByTestId('login-password').fill(owner.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    },
    stop: () => server.stop(),
  };
}
