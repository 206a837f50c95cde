// A real multi-currency workspace, fed only by signed webhooks in USD, EUR, GBP and JPY, with no
// imported rates: every figure answers 200, computed for what converts, and names what does not.
// Then the FX job fetches the ECB's reference rates from a local server serving ECB's exact
// 90-day XML format (no internet in tests), and the MRR equals a hand-computed conversion.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription } from '../helpers/stripe-events.js';
import { createLogger } from '../../src/logger.js';
import { refreshEcbRates } from '../../src/jobs/fx-refresh.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const NOW = new Date('2025-06-20T12:00:00Z');
const AT = Math.floor(NOW.getTime() / 1000);
const STARTED = Date.parse('2025-06-10T09:00:00Z') / 1000;
const SECRET = 'whsec_multi_currency';
// The ECB's 90-day file, in its exact shape: one line of envelope, one <Cube time> per day.
const cube = (day: string) => `<Cube time="${day}"><Cube currency="USD" rate="1.15"/><Cube currency="JPY" rate="166"/><Cube currency="GBP" rate="0.85"/><Cube currency="CHF" rate="0.94"/></Cube>`;
const ECB_90D = `<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject><gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender><Cube>${['2025-06-19', '2025-06-18', '2025-06-02', '2025-05-30'].map(cube).join('')}</Cube></gesmes:Envelope>`;

describe.each(BACKENDS)('a USD workspace billing in EUR, GBP and JPY (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ecb: http.Server;
  let ecbUrl: string;
  const served: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
    ecb = http.createServer((request, response) => {
      served.push(request.url ?? '');
      if (request.url === '/stats/eurofxref/eurofxref-hist-90d.xml') response.writeHead(200, { 'content-type': 'text/xml' }).end(ECB_90D);
      else response.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => ecb.listen(0, '127.0.0.1', () => resolve()));
    ecbUrl = `http://127.0.0.1:${(ecb.address() as AddressInfo).port}/stats/eurofxref`;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await new Promise((resolve) => ecb?.close(resolve));
  });

  it('answers every figure before any rate, then converts at the ECB rates exactly', async () => {
    const ws = await ensureWorkspace(db.store.db, { slug: 'multi', name: 'Multi' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const caller = await apiKeyCaller(t, ws.id, 'viewer');
    const subs = [
      { customer: 'cus_us', amount: 2900, currency: 'usd' },
      { customer: 'cus_eu', amount: 4900, currency: 'eur' },
      { customer: 'cus_uk', amount: 3900, currency: 'gbp' },
      { customer: 'cus_jp', amount: 5000, currency: 'jpy' },
    ];
    for (const s of subs) {
      const e = event('customer.subscription.created', subscription({ customer: s.customer, price: price({ amount: s.amount, currency: s.currency }), start: STARTED }), STARTED);
      const { body, headers } = signedWebhook(e, SECRET, AT);
      expect((await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers })).statusCode).toBe(200);
    }
    await t.worker.drain();
    const get = (path: string) => t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${ws.id}`, headers: caller.headers });
    const figures = ['/v1/metrics/summary', '/v1/metrics/monthly', '/v1/metrics/series?metric=mrr', '/v1/metrics/series?metric=arpa', '/v1/metrics/by-plan', '/v1/metrics/by-currency',
      '/v1/metrics/cohorts', '/v1/metrics/forecast', '/v1/explain?metric=mrr', '/v1/customers', '/v1/payments/health', '/v1/fx/status'];

    for (const path of figures) expect((await get(path)).statusCode, path).toBe(200);
    const before = (await get('/v1/metrics/summary')).json();
    expect(before.mrr).toBe(2900);
    expect(before.payingCustomers).toBe(4);
    expect(before.unconverted).toEqual([{ currency: 'jpy', mrr: 5000 }, { currency: 'eur', mrr: 4900 }, { currency: 'gbp', mrr: 3900 }]);

    const report = await refreshEcbRates({ store: db.store, logger: createLogger('silent'), now: () => NOW, baseUrl: ecbUrl });
    expect(report).toEqual([{ workspaceId: ws.id, stored: expect.any(Number) }]);
    expect(served).toContain('/stats/eurofxref/eurofxref-hist-90d.xml');

    for (const path of figures) expect((await get(path)).statusCode, path).toBe(200);
    const after = (await get('/v1/metrics/summary')).json();
    // By hand, each currency converted at q(usd) ÷ q(x) on 2025-06-19 (carried to the 20th), rounded once:
    //   €49.00 × 1.15 = $56.35; £39.00 × 1.15 / 0.85 = $52.7647… → $52.76; ¥5000 × 1.15 / 166 = $34.6385… → $34.64
    expect(after.mrr).toBe(2900 + 5635 + 5276 + 3464);
    expect(after.unconverted).toEqual([]);
    const status = (await get('/v1/fx/status')).json();
    expect(status.currencies).toEqual([
      { currency: 'eur', via: 'eur', lastRateDay: '2025-06-19', sources: ['ecb'] },
      { currency: 'gbp', via: 'eur', lastRateDay: '2025-06-19', sources: ['ecb'] },
      { currency: 'jpy', via: 'eur', lastRateDay: '2025-06-19', sources: ['ecb'] },
      { currency: 'usd', via: 'reporting', lastRateDay: null, sources: [] },
    ]);
    expect(status.fetch).toMatchObject({ source: 'ecb', lastError: null });
  });
});
