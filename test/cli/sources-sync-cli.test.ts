// The real binary: add a Stripe source, backfill it from the fake Stripe API with a progress
// line, sync again, list and remove it; refusals are one line with a non-zero exit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startFakeStripe, type FakeStripe } from '../helpers/fake-stripe.js';
import { accountFromEvents } from '../helpers/stripe-account.js';
import { demoEvents } from '../../src/demo/generate.js';

const KEY = 'f'.repeat(64);
const API_KEY = 'sk_test_cli000000000001';

describe('revpulse sources / sync', () => {
  let fake: FakeStripe;
  let env: NodeJS.ProcessEnv;
  let sourceId = '';

  beforeAll(async () => {
    fake = await startFakeStripe();
    fake.addAccount(API_KEY, accountFromEvents(demoEvents({ customers: 12, endAt: Math.floor(Date.now() / 1000) - 600, seed: 9 })));
    // Every command gets the key: once secrets are sealed under it, opening the data folder without
    // it (and with no secret.key there) stops with a line saying so.
    env = { REVPULSE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'revpulse-cli-sync-')), REVPULSE_DEMO: 'false', REVPULSE_STRIPE_API_URL: fake.url, REVPULSE_SECRET_KEY: KEY };
  });
  afterAll(() => fake?.close());

  // Without REVPULSE_SECRET_KEY: the key file in the data folder (test/cli/secret-key.test.ts).
  it('refuses a malformed secret', async () => {
    const bad = await runCli(['sources', 'add', 'stripe', '--name', 'Main', '--webhook-secret', 'nope'], { ...env, REVPULSE_SECRET_KEY: KEY });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^revpulse: sources add: --webhook-secret: must be the endpoint signing secret/);
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  }, 60_000);

  it('adds a source to the default workspace and prints its id and webhook URL', async () => {
    const added = await runCli(['sources', 'add', 'stripe', '--name', 'Main', '--webhook-secret', 'whsec_abcdefgh12345', '--api-key', API_KEY], { ...env, REVPULSE_SECRET_KEY: KEY });
    expect(added.code).toBe(0);
    sourceId = /source (src_[A-Za-z0-9_-]+)/.exec(added.stdout)![1]!;
    expect(added.stdout).toContain('(Main, test mode) to workspace "My workspace"');
    expect(added.stdout).toContain(`Webhook URL: http://localhost:3000/webhooks/stripe/${sourceId}`);
    expect(added.stdout + added.stderr).not.toContain(API_KEY);
  }, 60_000);

  it('backfills with a progress line, then syncs incrementally', async () => {
    const full = await runCli(['sync', '--source', sourceId, '--full'], { ...env, REVPULSE_SECRET_KEY: KEY });
    expect(full.stderr).toMatch(/Backfilled Main: [\d,]+ objects listed, [\d,]+ new events stored in [\d.]+ s \([\d,]+ objects\/s\)/);
    expect(full.stderr).toMatch(/Processed [\d,]+ events/);
    expect(full.code).toBe(0);
    const again = await runCli(['sync', '--source', sourceId], { ...env, REVPULSE_SECRET_KEY: KEY });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Synced Main: [\d,]+ objects listed, 0 new events/);
    const list = await runCli(['sources', 'list', '--json'], { ...env, REVPULSE_SECRET_KEY: KEY });
    const [view] = JSON.parse(list.stdout).data;
    expect(view).toMatchObject({ id: sourceId, freshness: 'live', hasApiKey: true, sync: { backfill: { status: 'done' } } });
    expect(list.stdout).not.toContain(API_KEY);
  }, 120_000);

  it('lists and removes sources', async () => {
    const list = await runCli(['sources', 'list'], { ...env, REVPULSE_SECRET_KEY: KEY });
    expect(list.stdout).toMatch(new RegExp(`${sourceId}  Main  stripe/test  LIVE`));
    const removed = await runCli(['sources', 'remove', sourceId], env);
    expect(removed.code).toBe(0);
    expect((await runCli(['sources', 'list'], env)).stdout).toContain('No sources in workspace "My workspace"');
    const again = await runCli(['sources', 'remove', sourceId], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`no source ${sourceId}`);
  }, 120_000);
});
