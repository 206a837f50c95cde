// `revpulse users add|reset-password` and `revpulse api-keys create` through the real binary, on
// an embedded database; the results are then checked in that database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createDb } from '../../src/store/db.js';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { sha256 } from '../../src/accounts/tokens.js';

describe('revpulse users and api-keys', () => {
  it('adds a user with a printed password, resets it, and creates a key for the default workspace', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-users-'));
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: '' };
    const added = await runCli(['users', 'add', 'Alice@Example.com', '--role', 'analyst'], env);
    // The first command on a fresh data folder creates its secret key, and says where (once).
    expect(added.stderr).toMatch(new RegExp(`^Created the secret key ${path.join(dataDir, 'secret.key')} [^\n]*\n$`));
    expect(added.code).toBe(0);
    const first = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(added.stdout).toMatch(/^Created alice@example\.com as analyst of My workspace \(ws_[\w-]+\)\./);
    expect(first).toMatch(/^[A-Za-z0-9]{20}$/);

    const again = await runCli(['users', 'add', 'alice@example.com', '--role', 'viewer'], env);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/^alice@example\.com is now viewer of My workspace/);
    const reset = await runCli(['users', 'reset-password', 'alice@example.com'], env);
    const second = /\(shown once\): (\S+)/.exec(reset.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    const key = await runCli(['api-keys', 'create', '--role', 'viewer', '--name', 'Grafana'], env);
    expect(key.code).toBe(0);
    const token = key.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^rvp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const bad = await runCli(['users', 'add', 'bob@example.com', '--role', 'superuser'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^revpulse: users add: role: /);
    const unknown = await runCli(['users', 'reset-password', 'nobody@example.com'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('revpulse: users reset-password: no account with email nobody@example.com');
    const ownerKey = await runCli(['api-keys', 'create', '--role', 'owner'], env);
    expect(ownerKey.code).toBe(2);

    const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
    try {
      const user = await store.db.selectFrom('users').selectAll().where('email', '=', 'alice@example.com').executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, second!)).toBe(true);
      expect(await verifyPassword(user.password_hash, first!)).toBe(false);
      const membership = await store.db
        .selectFrom('memberships as m')
        .innerJoin('workspaces as w', 'w.workspace_id', 'm.workspace_id')
        .select(['w.slug', 'm.role'])
        .where('m.user_id', '=', user.user_id)
        .execute();
      expect(membership).toEqual([{ slug: 'default', role: 'viewer' }]);
      const stored = await store.db.selectFrom('api_keys as k').innerJoin('workspaces as w', 'w.workspace_id', 'k.workspace_id').select(['k.secret_hash', 'k.name', 'w.slug']).executeTakeFirstOrThrow();
      expect(stored).toEqual({ secret_hash: sha256(token), name: 'Grafana', slug: 'default' });
      const actions = (await store.db.selectFrom('audit_log').select('action').orderBy('entry_id').execute()).map((r) => r.action);
      expect(actions).toEqual(['team.member_added', 'team.role_changed', 'user.password_reset', 'api_key.created']);
    } finally {
      await store.close();
    }
  }, 180_000);
});
