// `revpulse api-keys create --role ingest` through the real binary: the key it prints is a write
// key that sends tracking messages (HTTP Basic, as Segment SDKs send it) and reads nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { buildTestApp } from '../helpers/app.js';
import { createDb } from '../../src/store/db.js';
import { sha256 } from '../../src/accounts/tokens.js';

describe('revpulse api-keys create --role ingest', () => {
  it('creates a write key that may send signals and nothing else', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-ingest-key-'));
    const created = await runCli(['api-keys', 'create', '--role', 'ingest', '--name', 'Segment'], { REVPULSE_DATA_DIR: dataDir, REVPULSE_SECRET_KEY: '' });
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^rvp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
    const t = await buildTestApp(store);
    try {
      const key = await store.db.selectFrom('api_keys').select(['role', 'name', 'secret_hash', 'workspace_id']).executeTakeFirstOrThrow();
      expect(key).toMatchObject({ role: 'ingest', name: 'Segment', secret_hash: sha256(token) });
      const authorization = `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
      const sent = await t.app.inject({ method: 'POST', url: '/v1/track', headers: { authorization, 'content-type': 'application/json' }, payload: { userId: 'u1', event: 'Signed Up' } });
      expect(sent.statusCode).toBe(200);
      expect(sent.json()).toEqual({ success: true });
      const stored = await store.db.selectFrom('signal_events').select(['workspace_id', 'event']).execute();
      expect(stored).toEqual([{ workspace_id: key.workspace_id, event: 'Signed Up' }]);
      for (const url of ['/v1/success/accounts', '/v1/customers', '/v1/metrics/summary']) {
        expect((await t.app.inject({ url, headers: { authorization } })).statusCode, url).toBe(403);
      }
    } finally {
      await t.close();
      await store.close();
    }
  });
});
