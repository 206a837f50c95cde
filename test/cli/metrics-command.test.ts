import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { event, price, subscription } from '../helpers/stripe-events.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';
import { createSource } from '../../src/store/sources-repo.js';
import { upsertFxRates } from '../../src/store/fx-repo.js';
import { storeEvents } from '../../src/ingest/pipeline.js';

const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const dir = mkdtempSync(path.join(tmpdir(), 'revpulse-cli-'));

// A small business whose figures are worked out by hand below.
const monthly = price({ id: 'price_m', amount: 5000 });
const annual = price({ id: 'price_y', amount: 120_000, interval: 'year' });
const euro = price({ id: 'price_e', amount: 4000, currency: 'eur' });
const aStart = t('2024-01-10T09:00:00Z');
const bStart = t('2024-02-01T12:00:00Z');
const cStart = t('2024-03-05T08:00:00Z');
const EVENTS = [
  event('customer.subscription.created', subscription({ id: 'sub_a', customer: 'cus_a', price: monthly, start: aStart }), aStart),
  event('customer.subscription.updated', subscription({ id: 'sub_a', customer: 'cus_a', price: monthly, quantity: 2, start: aStart }), t('2024-02-15T10:00:00Z')),
  event('customer.subscription.created', subscription({ id: 'sub_b', customer: 'cus_b', price: annual, start: bStart }), bStart),
  event('customer.subscription.deleted', subscription({ id: 'sub_b', customer: 'cus_b', price: annual, start: bStart, status: 'canceled', endedAt: t('2024-03-20T00:00:00Z') }), t('2024-03-20T00:00:00Z')),
  event('customer.subscription.created', subscription({ id: 'sub_c', customer: 'cus_c', price: euro, start: cStart }), cStart),
  event('balance.available', { id: 'bal_1', object: 'balance' }, t('2024-03-06T00:00:00Z')),
];
// EUR→USD 1.10 until 24 March, then 1.20.
const FX_CSV = 'currency,quote_currency,day,rate\neur,usd,2024-01-01,1.10\neur,usd,2024-03-25,1.20\n';
const EXPECTED = {
  currency: 'usd',
  months: [
    { month: '2024-01', mrr: 5000, arr: 60000, customers: 1, arpa: 5000, movements: { new: 5000, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 } },
    // A doubles to 100.00; B's 1,200.00 a year is 100.00 a month.
    { month: '2024-02', mrr: 20000, arr: 240000, customers: 2, arpa: 10000, movements: { new: 10000, expansion: 5000, contraction: 0, churn: 0, reactivation: 0, fx: 0 } },
    // B churns; C's €40.00 is $44.00 on 5 March and $48.00 at month end: the $4.00 is FX, not a movement.
    { month: '2024-03', mrr: 14800, arr: 177600, customers: 2, arpa: 7400, movements: { new: 4400, expansion: 0, contraction: 0, churn: -10000, reactivation: 0, fx: 400 } },
  ],
};

function writeLines(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

describe('revpulse metrics --events', () => {
  const fxFile = path.join(dir, 'fx.csv');
  writeFileSync(fxFile, FX_CSV);

  it('prints exactly the documented JSON document, whatever the order and duplicates', async () => {
    const shuffled = [EVENTS[4], EVENTS[1], EVENTS[3], EVENTS[0], EVENTS[5], EVENTS[2], EVENTS[1], EVENTS[3]];
    const file = writeLines('events.jsonl', shuffled);
    const result = await runCli(['metrics', '--events', file, '--fx', fxFile, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual(EXPECTED);
  });

  it('covers --from to --to inclusive, zero-filled, and prints a table without --json', async () => {
    const file = writeLines('events-range.jsonl', EVENTS);
    const json = await runCli(['metrics', '--events', file, '--fx', fxFile, '--from', '2023-12', '--to', '2024-05', '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.months.map((m: { month: string }) => m.month)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
    expect(report.months[0]).toMatchObject({ mrr: 0, customers: 0 });
    expect(report.months[4]).toMatchObject({ mrr: 14800, customers: 2, movements: { new: 0, fx: 0 } });
    const table = await runCli(['metrics', '--events', file, '--fx', fxFile]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Amounts in USD');
    expect(table.stdout).toMatch(/2024-03\s+148\.00\s+2\s+74\.00\s+44\.00/);
  });

  it('names the line of a malformed event and exits non-zero', async () => {
    const file = writeLines('bad.jsonl', [EVENTS[0], '{"id": "evt_x", "type": ', EVENTS[2]]);
    const result = await runCli(['metrics', '--events', file, '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(result.stdout).toBe('');
    const missing = writeLines('bad2.jsonl', [EVENTS[0], { id: 'evt_y', created: 1, livemode: false, data: { object: {} } }]);
    const second = await runCli(['metrics', '--events', missing, '--json']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/bad2\.jsonl:2: not a Stripe event: type/);
  });

  it('refuses an amount in a currency with no FX rate, naming the currency', async () => {
    const pound = price({ id: 'price_g', amount: 3000, currency: 'gbp' });
    const file = writeLines('gbp.jsonl', [event('customer.subscription.created', subscription({ id: 'sub_g', customer: 'cus_g', price: pound, start: aStart }), aStart)]);
    const result = await runCli(['metrics', '--events', file, '--fx', fxFile, '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/gbp/);
    expect(result.stdout).toBe('');
  });

  it('rejects bad options with a clear message', async () => {
    const result = await runCli(['metrics', '--events', 'x.jsonl', '--from', '2024-13', '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--from: must be YYYY-MM/);
    const missing = await runCli(['metrics', '--events', path.join(dir, 'nope.jsonl'), '--json']);
    expect(missing.stderr).toMatch(/events file not found/);
  });
});

describe.each(BACKENDS)('GET /v1/metrics/monthly equals the CLI (%s)', (backend) => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    app = await buildTestApp(db.store);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('returns the same document for the same events', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'same', name: 'Same' });
    const source = await createSource(db.store.db, app.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_x' });
    await upsertFxRates(db.store.db, ws.id, 'usd', [
      { currency: 'eur', day: '2024-01-01', rate: '1.10' },
      { currency: 'eur', day: '2024-03-25', rate: '1.20' },
    ]);
    await storeEvents(db.store, [...EVENTS].reverse().map((e) => ({ workspaceId: ws.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    await app.worker.drain();
    const { headers } = await apiKeyCaller(app, ws.id, 'viewer');
    const response = await app.app.inject({ url: `/v1/metrics/monthly?workspace=${ws.id}`, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(EXPECTED);
    const ranged = await app.app.inject({ url: `/v1/metrics/monthly?workspace=${ws.id}&from=2024-02&to=2024-02`, headers });
    expect(ranged.json()).toEqual({ currency: 'usd', months: [EXPECTED.months[1]] });
    const bad = await app.app.inject({ url: `/v1/metrics/monthly?workspace=${ws.id}&from=2024-05&to=2024-02`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('from: must not be after to');
  });
});
