// One clock: a read as of an instant counts nothing dated after that instant's day. For random
// histories with extra events dated after the as-of day (later upgrades, cancellations, new
// subscriptions, trials converting), every figure of the summary, the monthly report and the
// series of several metrics read as of that instant is unchanged when those events are removed.
// Both workspaces are read through the API (`?asOf=`), on PGlite and PostgreSQL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { storeEvents } from '../../src/ingest/pipeline.js';
import { createSource } from '../../src/store/sources-repo.js';
import { ensureWorkspace } from '../../src/store/workspaces-repo.js';

const DAY = 86_400;
const START = Date.parse('2024-01-01T00:00:00Z') / 1000;
const NOW = new Date('2024-12-31T12:00:00Z');
/** The as-of instant: late on day 200 (2024-07-19). Events of day 201 and later are "after". */
const AS_OF_DAY = 200;
const AS_OF = new Date((START + AS_OF_DAY * DAY + 20 * 3600) * 1000).toISOString();
const PRICES = [price({ id: 'price_p1', amount: 1900 }), price({ id: 'price_p2', amount: 4900 }), price({ id: 'price_p3', amount: 99_000, interval: 'year' }), price({ id: 'price_p4', amount: 2500, currency: 'eur' })];

type Status = 'active' | 'past_due' | 'trialing' | 'cancelling' | 'end';
type Step = { day: number; hour: number; priceIndex: number; quantity: number; status: Status };
type SubPlan = { customer: number; steps: Step[] };

// Days around the as-of day, so histories cross it often.
const stepArb = fc.record({
  day: fc.oneof(fc.integer({ min: 0, max: 260 }), fc.integer({ min: AS_OF_DAY - 20, max: AS_OF_DAY + 20 })),
  hour: fc.integer({ min: 0, max: 23 }),
  priceIndex: fc.integer({ min: 0, max: 2 }),
  quantity: fc.integer({ min: 1, max: 4 }),
  status: fc.constantFrom<Status>('active', 'active', 'active', 'past_due', 'trialing', 'cancelling', 'end'),
});
const planArb = fc.array(fc.record({ customer: fc.integer({ min: 0, max: 3 }), steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }) }), { minLength: 1, maxLength: 5 });

/** The events of the plans, each with its step's day. */
function eventsOf(plans: SubPlan[]): { day: number; event: TestEvent }[] {
  const out: { day: number; event: TestEvent }[] = [];
  plans.forEach((plan, s) => {
    const steps = [...plan.steps].sort((a, b) => a.day * 24 + a.hour - (b.day * 24 + b.hour));
    const start = START + steps[0]!.day * DAY + steps[0]!.hour * 3600;
    const id = `sub_${s}`;
    const customer = `cus_${plan.customer}`;
    steps.forEach((step, i) => {
      const at = START + step.day * DAY + step.hour * 3600 + i;
      const p = PRICES[plan.customer === 2 ? 3 : step.priceIndex]!; // customer 2 pays in EUR
      if (step.status === 'end') {
        out.push({ day: step.day, event: event('customer.subscription.deleted', subscription({ id, customer, price: p, quantity: step.quantity, start, status: 'canceled', endedAt: at }), at) });
        return;
      }
      const type = i === 0 ? 'customer.subscription.created' : 'customer.subscription.updated';
      const object: Record<string, unknown> = subscription({ id, customer, price: p, quantity: step.quantity, start, status: step.status === 'cancelling' ? 'active' : step.status, trialEnd: step.status === 'trialing' ? at + 14 * DAY : null });
      // A trial begins at the event that starts it (the helper dates trial_start at the
      // subscription's start, which a trial added later did not).
      if (step.status === 'trialing') Object.assign(object, { trial_start: at });
      // A cancellation at a known later day: the ledger holds its churn before it happens.
      if (step.status === 'cancelling') Object.assign(object, { cancel_at_period_end: true, cancel_at: at + 9 * DAY, current_period_end: at + 9 * DAY });
      out.push({ day: step.day, event: event(type, object, at) });
    });
  });
  return out;
}

const SERIES = [
  'metric=mrr&granularity=day&from=2024-06-01',
  'metric=mrr&granularity=month&from=2024-01-01&to=2024-12-31&compare=previous_period',
  'metric=customers&granularity=week&from=2024-05-01',
  'metric=new&granularity=month&from=2024-01-01',
  'metric=churn&granularity=day&from=2024-07-01&to=2024-08-31',
  'metric=expansion&granularity=month&from=2024-01-01&compare=previous_year',
  'metric=arpa&granularity=month&from=2024-01-01',
  'metric=customer_churn_rate&granularity=month&from=2024-01-01',
  'metric=nrr&granularity=month&from=2024-01-01',
  'metric=mrr_growth&granularity=month&from=2024-01-01',
  'metric=trials_started&granularity=month&from=2024-01-01',
  'metric=active_trials&granularity=week&from=2024-05-01',
];

describe.each(BACKENDS)('reads as of an instant ignore what is dated later (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let run = 0;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** Every figure read as of AS_OF in a workspace holding `events`. */
  async function figures(events: TestEvent[]) {
    run++;
    const workspace = await ensureWorkspace(db.store.db, { slug: `asof${run}`, name: `As of ${run}` });
    await db.store.db.insertInto('fx_rates').values([
      { workspace_id: workspace.id, currency: 'eur', quote_currency: 'usd', day: '2024-01-01', rate: '1.1' },
      { workspace_id: workspace.id, currency: 'eur', quote_currency: 'usd', day: '2024-06-15', rate: '1.2' },
    ]).execute();
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'file', name: 'f' });
    await storeEvents(db.store, events.map((e) => ({ workspaceId: workspace.id, sourceId: source.id, eventId: e.id, type: e.type, created: e.created, livemode: e.livemode, payload: e })));
    await t.worker.drain();
    const { headers } = await apiKeyCaller(t, workspace.id, 'viewer');
    const get = async (path: string) => {
      const response = await t.app.inject({ url: `${path}&workspace=${workspace.id}&asOf=${encodeURIComponent(AS_OF)}`, headers });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
      return response.json();
    };
    // What is about the future by definition (scheduled changes) or the feed (seq, last event) aside.
    const { seq: _seq, lastEventAt: _last, scheduled, workspace: _ws, ...summary } = await get('/v1/metrics/summary?');
    const series = [];
    for (const query of SERIES) series.push(await get(`/v1/metrics/series?${query}`));
    return {
      summary,
      scheduled,
      monthly: await get('/v1/metrics/monthly?'),
      movements: await get('/v1/metrics/movements?granularity=month&from=2024-01-01'),
      churn: await get('/v1/metrics/churn?granularity=month&from=2024-01-01'),
      series,
    };
  }

  it('no figure changes when the events dated after the as-of day are removed', async () => {
    let later = 0;
    let scheduledSeen = 0;
    let mrrSeen = 0;
    await fc.assert(
      fc.asyncProperty(planArb, async (plans) => {
        const all = eventsOf(plans);
        const until = all.filter((e) => e.day <= AS_OF_DAY).map((e) => e.event);
        fc.pre(until.length > 0 && until.length < all.length);
        later += all.length - until.length;
        const withLater = await figures(all.map((e) => e.event));
        const without = await figures(until);
        expect(withLater.summary).toEqual(without.summary);
        expect(withLater.monthly).toEqual(without.monthly);
        expect(withLater.movements).toEqual(without.movements);
        expect(withLater.churn).toEqual(without.churn);
        withLater.series.forEach((s, i) => expect(s, SERIES[i]).toEqual(without.series[i]));
        // Nothing of the month after the as-of day, and the series stop at it.
        for (const m of withLater.monthly.months) expect(m.month <= '2024-07').toBe(true);
        const july = withLater.monthly.months.find((m: { month: string }) => m.month === '2024-07');
        if (july) expect(july.through).toBe(AS_OF.slice(0, 10));
        for (const s of withLater.series) expect(s.to <= AS_OF.slice(0, 10)).toBe(true);
        scheduledSeen += withLater.scheduled.changes;
        if (withLater.summary.mrr > 0) mrrSeen++;
      }),
      // A fixed seed keeps CI deterministic; ASOF_SEED=<n> explores others. Seed 1365698342 found
      // a trial cancelled on its start day whose subscription came back later (a later event
      // reopened the past trial): fixed in src/core/trial-facts.ts, kept as a unit case.
      { numRuns: backend === 'pglite' ? 12 : 6, seed: Number(process.env.ASOF_SEED ?? 20261202) },
    );
    // The histories must cross the as-of day and carry figures, not pass vacuously.
    expect(later).toBeGreaterThan(5);
    expect(mrrSeen).toBeGreaterThan(2);
    expect(scheduledSeen).toBeGreaterThan(0);
  }, 600_000);
});
