// The real binary and the secret key: on the embedded database a command that opens the data
// folder creates the key there once (saying where) and later commands read it; on PostgreSQL,
// without REVPULSE_SECRET_KEY, `serve` stops with one line saying how to make one.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { POSTGRES_NEEDS_SECRET_KEY } from '../../src/api/server.js';

const add = (name: string) => ['sources', 'add', 'stripe', '--name', name, '--webhook-secret', 'whsec_abcdefgh12345', '--mode', 'test'];

describe('revpulse and the secret key file', () => {
  it('`sources add` works on a fresh data folder with no REVPULSE_SECRET_KEY: the key is created once, then read', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-cli-key-'));
    const keyFile = path.join(dataDir, 'secret.key');
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false', REVPULSE_SECRET_KEY: '' };
    const first = await runCli(add('Main'), env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Added Stripe source src_\S+ \(Main, test mode\)/);
    expect(first.stderr).toContain(`Created the secret key ${keyFile} `);
    expect(first.stderr).toContain('back it up with the data folder');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');

    const second = await runCli(add('Second'), env);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Created the secret key');
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    const list = await runCli(['sources', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).data.map((s: { name: string; hasWebhookSecret: boolean }) => [s.name, s.hasWebhookSecret])).toEqual([
      ['Main', true],
      ['Second', true],
    ]);
  }, 180_000);
});

describe.runIf(process.env.DATABASE_URL)('revpulse on PostgreSQL without REVPULSE_SECRET_KEY', () => {
  const env = { DATABASE_URL: process.env.DATABASE_URL, REVPULSE_SECRET_KEY: '', REVPULSE_DEMO: 'false', PORT: '0', HOST: '127.0.0.1' };

  it('`serve` stops at once with one line saying how to make a key', async () => {
    const result = await runCli(['serve'], env, 60_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`revpulse: ${POSTGRES_NEEDS_SECRET_KEY}\n`);
    expect(result.stderr).toContain('openssl rand -hex 32');
  }, 90_000);

  it('`sources add` refuses in one line too', async () => {
    const result = await runCli(add('Main'), env, 60_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^revpulse: sources add: REVPULSE_SECRET_KEY is not set.*openssl rand -hex 32.*\n$/);
  }, 90_000);
});
