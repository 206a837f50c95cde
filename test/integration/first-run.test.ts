// First start: the owner account (from the environment, or with a generated password printed
// once), its memberships in the installation's workspace and Demo, and the shared demo login.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { DEFAULT_OWNER_EMAIL, DEMO_LOGIN, ensureAccounts } from '../../src/accounts/first-run.js';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { listUserWorkspaces } from '../../src/store/memberships-repo.js';
import { findCredentialsByEmail, findUserByEmail } from '../../src/store/users-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

describe.each(BACKENDS)('first run (%s)', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(() => db?.drop());

  it('creates the owner once, in the home workspace and Demo, and a read-only demo login', async () => {
    const home = await ensureWorkspace(db.store.db, { slug: 'default', name: 'My workspace' });
    const demo = await ensureWorkspace(db.store.db, { slug: 'demo', name: 'Demo', isDemo: true });
    const first = await ensureAccounts(db.store.db, { home, demo });
    expect(first.owner?.email).toBe(DEFAULT_OWNER_EMAIL);
    expect(first.owner?.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(first.demoLogin).toEqual(DEMO_LOGIN);
    const owner = await findCredentialsByEmail(db.store.db, DEFAULT_OWNER_EMAIL);
    expect(await verifyPassword(owner!.passwordHash, first.owner!.generatedPassword!)).toBe(true);
    expect((await listUserWorkspaces(db.store.db, owner!.id)).map((w) => [w.name, w.role])).toEqual([['Demo', 'owner'], ['My workspace', 'owner']]);
    const visitor = await findUserByEmail(db.store.db, DEMO_LOGIN.email);
    expect((await listUserWorkspaces(db.store.db, visitor!.id)).map((w) => [w.name, w.role])).toEqual([['Demo', 'viewer']]);

    const second = await ensureAccounts(db.store.db, { adminEmail: 'other@example.com', adminPassword: 'x'.repeat(12), home, demo });
    expect(second.owner).toBeNull();
    expect(await findUserByEmail(db.store.db, 'other@example.com')).toBeNull();
    const demoOff = await ensureAccounts(db.store.db, { home, demo: null });
    expect(demoOff.demoLogin).toBeNull();
    expect(await findUserByEmail(db.store.db, DEMO_LOGIN.email)).toBeNull();
  });
});

describe('npm start on an empty data folder', () => {
  it('prints the generated owner password once, and it signs in', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-first-run-'));
    const config = loadConfig({ REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY });
    const lines: string[] = [];
    let server = await startServer(config, { logger: createLogger('silent'), print: (line) => lines.push(line) });
    const printed = lines.join('\n');
    const password = /Owner login +owner@revpulse\.local \/ (\S+)/.exec(printed)?.[1];
    expect(password).toBeDefined();
    expect(printed).toContain('(shown once');
    expect(lines.join('\n')).not.toMatch(/No login yet/);
    const url = server.url.replace('localhost', '127.0.0.1');
    const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEFAULT_OWNER_EMAIL, password }) });
    expect(login.status).toBe(200);
    expect((await fetch(`${url}/v1/workspaces`)).status).toBe(401);
    await server.stop();

    lines.length = 0;
    server = await startServer(config, { logger: createLogger('silent'), print: (line) => lines.push(line) });
    expect(lines.some((l) => l.includes('Owner login'))).toBe(false);
    await server.stop();
  }, 120_000);
});
