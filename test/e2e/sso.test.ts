// Single sign-on in Chromium against a real OpenID Connect provider: the owner sets the provider
// up in Settings → Single sign-on, and a new person signs in from the login page with "Sign in
// with SSO" — through the provider and back, straight onto the dashboard as a member.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser, mustRunBrowser } from '../helpers/browser.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { startOidcProvider, type OidcTestProvider } from '../helpers/oidc-provider.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';

const OWNER = { email: 'owner@sso-e2e.example', password: 'sso e2e owner passphrase' };
const runBrowser = chromiumPath !== null || mustRunBrowser;

describe.skipIf(!runBrowser)('single sign-on in Chromium', () => {
  let server: RunningServer;
  let idp: OidcTestProvider;
  let browser: Browser;
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-e2e-sso-'));
    const config = loadConfig({
      REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
      REVPULSE_ADMIN_EMAIL: OWNER.email, REVPULSE_ADMIN_PASSWORD: OWNER.password,
    });
    server = await startServer(config, { logger: createLogger('silent'), print: () => undefined });
    server.url = server.url.replace('localhost', '127.0.0.1');
    // No REVPULSE_PUBLIC_URL: the redirect URI is built from the request's host.
    idp = await startOidcProvider({ redirectUri: `${server.url}/auth/sso/callback` });
    idp.accounts.set('carol', { email: 'carol@sso-e2e.example', email_verified: true, name: 'Carol' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  it('is set up in Settings and signs a new person in from the login page', { timeout: 120_000 }, async () => {
    const owner = watch(await browser.newPage());
    await owner.goto(`${server.url}/login`);
    await owner.getByTestId('login-email').fill(OWNER.email);
    await owner.getByTestId('login-password').fill(OWNER.password);
    await owner.getByTestId('login-submit').click();
    await owner.waitForURL((url) => !url.pathname.startsWith('/login'));
    await owner.goto(`${server.url}/settings/sso`);
    await expect.poll(() => owner.getByTestId('sso-redirect-uri').textContent()).toBe(`${server.url}/auth/sso/callback`);
    await owner.getByTestId('sso-issuer').fill(idp.issuer);
    await owner.getByTestId('sso-client-id').fill(idp.clientId);
    await owner.getByTestId('sso-client-secret').fill(idp.clientSecret);
    await owner.getByTestId('sso-default-role').selectOption('analyst');
    await owner.getByTestId('sso-save').click();
    await expect.poll(() => owner.getByTestId('sso-saved').isVisible()).toBe(true);
    await expect.poll(() => owner.getByTestId('sso-test-link').isVisible()).toBe(true);
    await owner.screenshot({ path: 'test-results/sso-settings.png', fullPage: true });

    const carol = watch(await (await browser.newContext()).newPage());
    idp.nextLogin = { accountId: 'carol' };
    await carol.goto(`${server.url}/login?sso=nowhere`);
    await carol.getByTestId('sso-continue').click();
    await expect.poll(() => carol.getByTestId('sso-error').textContent()).toContain('not set up');
    await carol.getByTestId('sso-slug').fill('default');
    await carol.screenshot({ path: 'test-results/sso-login.png' });
    await carol.getByTestId('sso-continue').click();
    await carol.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith('/login') && !url.pathname.startsWith('/auth'), { timeout: 30_000 });
    const session = (await carol.evaluate(async () => (await fetch('/v1/auth/session')).json())) as { user: { email: string }; workspaces: unknown[] };
    expect(session.user.email).toBe('carol@sso-e2e.example');
    expect(session.workspaces).toEqual([expect.objectContaining({ role: 'analyst' })]);
    await carol.screenshot({ path: 'test-results/sso-signed-in.png' });
    expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  });
});
