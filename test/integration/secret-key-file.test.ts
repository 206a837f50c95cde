// The secret key on the embedded database: created in the data folder on the first open (0600,
// the format REVPULSE_SECRET_KEY takes), read on every later open, overridden by the variable,
// and never silently replaced while the database holds secrets sealed under it.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';
import { SecretKeyFileError } from '../../src/store/secret-box.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const ENV_KEY = 'e'.repeat(64);
const WEBHOOK_SECRET = 'whsec_sealed_under_the_file_key';
const fresh = () => mkdtempSync(path.join(tmpdir(), 'revpulse-secret-key-'));
const configFor = (dataDir: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', ...env });

describe('the secret key file (embedded database)', () => {
  const dataDir = fresh();
  const keyFile = path.join(dataDir, 'secret.key');
  const announced: string[] = [];
  const onSecretKeyCreated = (file: string) => announced.push(file);
  let sealed = '';

  it('is created on the first open: 32 random bytes as hex, mode 0600, announced once', async () => {
    expect(existsSync(keyFile)).toBe(false);
    const runtime = await openRuntime(configFor(dataDir), 'test', { onSecretKeyCreated });
    try {
      expect(runtime.secretKey).toEqual({ kind: 'file', file: keyFile, created: true });
      expect(announced).toEqual([keyFile]);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
      expect(() => loadConfig({ REVPULSE_SECRET_KEY: readFileSync(keyFile, 'utf8').trim() })).not.toThrow(); // the same format
      expect(runtime.box.canSeal).toBe(true);
      const workspace = await ensureWorkspace(runtime.store.db, { slug: 'default', name: 'My workspace' });
      const source = await createSource(runtime.store.db, runtime.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: WEBHOOK_SECRET });
      const row = await runtime.store.db.selectFrom('sources').select('webhook_secret_enc').where('source_id', '=', source.id).executeTakeFirstOrThrow();
      sealed = row.webhook_secret_enc!;
      expect(sealed).toMatch(/^v1:k1:/);
      expect(sealed).not.toContain(WEBHOOK_SECRET);
    } finally {
      await runtime.close();
    }
  }, 90_000);

  it('is read, not replaced, on the next open: what it sealed opens again', async () => {
    const before = readFileSync(keyFile, 'utf8');
    const runtime = await openRuntime(configFor(dataDir), 'test', { onSecretKeyCreated });
    try {
      expect(runtime.secretKey).toEqual({ kind: 'file', file: keyFile, created: false });
      expect(announced).toHaveLength(1);
      expect(readFileSync(keyFile, 'utf8')).toBe(before);
      expect(runtime.box.open(sealed)).toBe(WEBHOOK_SECRET);
    } finally {
      await runtime.close();
    }
  }, 90_000);

  it('gives way to REVPULSE_SECRET_KEY', async () => {
    const runtime = await openRuntime(configFor(dataDir, { REVPULSE_SECRET_KEY: ENV_KEY }), 'test', { onSecretKeyCreated });
    try {
      expect(runtime.secretKey).toEqual({ kind: 'env' });
      expect(() => runtime.box.open(sealed)).toThrow(); // sealed under the file's key, not this one
      expect(runtime.box.open(runtime.box.seal('whsec_other'))).toBe('whsec_other');
    } finally {
      await runtime.close();
    }
    const elsewhere = fresh();
    const keyed = await openRuntime(configFor(elsewhere, { REVPULSE_SECRET_KEY: ENV_KEY }), 'test', { onSecretKeyCreated });
    await keyed.close();
    expect(existsSync(path.join(elsewhere, 'secret.key'))).toBe(false);
    expect(announced).toHaveLength(1);
  }, 90_000);

  it('is never replaced while the database holds secrets sealed under it, nor read when malformed', async () => {
    const kept = readFileSync(keyFile, 'utf8');
    rmSync(keyFile);
    const lost = openRuntime(configFor(dataDir), 'test', { onSecretKeyCreated });
    await expect(lost).rejects.toThrow(SecretKeyFileError);
    await expect(lost).rejects.toThrow(`restore ${keyFile} from your backup, or set REVPULSE_SECRET_KEY`);
    expect(existsSync(keyFile)).toBe(false);

    writeFileSync(keyFile, 'not a key\n', { mode: 0o600 });
    await expect(openRuntime(configFor(dataDir), 'test')).rejects.toThrow(/^The secret key .*secret\.key is not 32 bytes/);

    writeFileSync(keyFile, kept, { mode: 0o600 }); // restored from the backup: everything opens again
    const runtime = await openRuntime(configFor(dataDir), 'test', { onSecretKeyCreated });
    try {
      expect(runtime.box.open(sealed)).toBe(WEBHOOK_SECRET);
    } finally {
      await runtime.close();
    }
    expect(announced).toHaveLength(1);
  }, 90_000);
});
