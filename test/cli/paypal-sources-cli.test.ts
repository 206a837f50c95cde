// The real binary with PayPal: `sources add paypal` prints the id, the PayPal webhook URL and how
// to backfill; `sync --full` backfills from the fake PayPal API with a progress line, and a plain
// `sync` then runs incrementally; `sources list --json` shows the source; refusals are one line, exit 2
// (a missing or malformed option, and no REVPULSE_SECRET_KEY on PostgreSQL).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startFakePaypal, type FakePaypal } from '../helpers/fake-paypal-api.js';
import { paypalPlan, paypalSubscription } from '../helpers/paypal-events.js';

const KEY = '9'.repeat(64);
const CLIENT_ID = 'AcliTestClientId000000000000000001';
const CLIENT_SECRET = 'EcliTestClientSecret0000000000000001';
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);
const add = (extra: string[] = []) => ['sources', 'add', 'paypal', '--name', 'PayPal', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--webhook-id', '8PT597110X687430LKGECATA', ...extra];

describe('revpulse sources add paypal / sync', () => {
  let fake: FakePaypal;
  let env: NodeJS.ProcessEnv;
  let sourceId = '';

  beforeAll(async () => {
    fake = await startFakePaypal();
    const plan = paypalPlan({ id: 'P-CLITEST00000000000000001', value: '9.00' });
    const subscription = paypalSubscription({ id: 'I-CLITEST00001', planId: plan.id, payerId: 'PAYERCLI0001', start: NOW - 20 * DAY, sandbox: true });
    fake.addAccount({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, plans: [plan], subscriptions: [subscription],
      transactions: [{ transaction_id: 'CLITXN00000000001', paypal_reference_id: subscription.id, paypal_reference_id_type: 'SUB', transaction_event_code: 'T0002', at: NOW - 20 * DAY, value: '9.00', currency: 'USD' }],
    });
    env = { REVPULSE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'revpulse-cli-paypal-')), REVPULSE_DEMO: 'false', REVPULSE_PAYPAL_API_URL: fake.url, REVPULSE_SECRET_KEY: KEY };
  });
  afterAll(() => fake?.close());

  it('refuses a missing client secret, a bad name, and (on PostgreSQL) a missing secret key, in one line each', async () => {
    const missing = await runCli(['sources', 'add', 'paypal', '--name', 'PayPal', '--client-id', CLIENT_ID, '--webhook-id', '8PT597110X687430LKGECATA'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('revpulse: sources add paypal: --client-secret is required');
    const name = await runCli([...add(), '--name', ' '], env);
    expect(name.code).toBe(2);
    expect(name.stderr.trim()).toBe('revpulse: sources add: --name: must be 1 to 100 characters');
    const keyless = await runCli(add(), { ...env, REVPULSE_SECRET_KEY: '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr.trim()).toMatch(/^revpulse: sources add: .*REVPULSE_SECRET_KEY/);
    expect(`${missing.stderr}${name.stderr}${keyless.stderr}`).not.toContain(CLIENT_SECRET);
  }, 150_000);

  it('adds a sandbox source and prints its id, its PayPal webhook URL and how to backfill', async () => {
    const added = await runCli(add(['--sandbox']), env);
    expect(added.code).toBe(0);
    sourceId = /source (src_[A-Za-z0-9_-]+)/.exec(added.stdout)![1]!;
    expect(added.stdout).toContain('(PayPal, sandbox) to workspace "My workspace"');
    expect(added.stdout).toContain(`Webhook URL: http://localhost:3000/webhooks/paypal/${sourceId}`);
    expect(added.stdout).toContain(`revpulse sync --source ${sourceId} --full`);
    expect(added.stdout + added.stderr).not.toContain(CLIENT_SECRET);
  }, 60_000);

  it('backfills with a progress line, syncs incrementally, and lists the source', async () => {
    const full = await runCli(['sync', '--source', sourceId, '--full'], env);
    expect(full.stderr).toMatch(/Backfilled PayPal: [\d,]+ objects listed, [\d,]+ new events stored in [\d.]+ s/);
    expect(full.stderr).toMatch(/Processed [\d,]+ events/);
    expect(full.code).toBe(0);
    expect(fake.requests.some((r) => r.path === '/v1/billing/subscriptions/I-CLITEST00001')).toBe(true);
    const again = await runCli(['sync', '--source', sourceId], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Synced PayPal: [\d,]+ objects listed, 0 new events/);
    const json = JSON.parse((await runCli(['sources', 'list', '--json'], env)).stdout);
    expect(json.data[0]).toMatchObject({ id: sourceId, provider: 'paypal', paypal: { clientId: CLIENT_ID, sandbox: true }, sync: { backfill: { status: 'done' } } });
    expect(JSON.stringify(json)).not.toContain(CLIENT_SECRET);
  }, 120_000);
});
