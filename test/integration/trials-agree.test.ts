// Trials from facts: 7-, 14- and 30-day trials fed through the real webhook (conversions,
// cancellations, a trial ending unpaid, trials whose end passes without any event, a customer with
// two trials, a paying customer trying an add-on). At every instant the summary's activeTrials,
// the customers list with the Trialing filter, the last point of the active_trials series and the
// last period of /v1/metrics/trials agree — and equal a count worked out here from the scenario
// alone. Re-read later with ?asOf=, the summary, series and trials table give the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { apiKeyCaller } from '../helpers/auth.js';
import { event, price, signedWebhook, subscription, type TestEvent } from '../helpers/stripe-events.js';
import { ensureWorkspace, type Workspace } from '../../src/store/workspaces-repo.js';
import { createSource, type Source } from '../../src/store/sources-repo.js';

const SECRET = 'whsec_trials_from_facts';
const DAY = 86_400;
const HOUR = 3600;
const T0 = Date.parse('2025-03-03T12:00:00Z') / 1000;
const at = (days: number, hours = 0) => T0 + days * DAY + hours * HOUR;
const dayOf = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
const PRO = price({ id: 'price_trials_pro', amount: 4900, product: 'prod_trials' });
const ADDON = price({ id: 'price_trials_addon', amount: 900, product: 'prod_trials_addon' });

/** One subscription: its trial (start, length) and what became of it, with the event time. */
type Sub = {
  id: string;
  customer: string;
  price?: typeof PRO;
  /** null: no trial, paying from `start`. */
  trialDays: number | null;
  start: number;
  outcome?: { kind: 'convert' | 'cancel' | 'past_due'; at: number };
};

const SUBS: Sub[] = [
  { id: 'sub_a', customer: 'cus_a', trialDays: 7, start: at(-5), outcome: { kind: 'convert', at: at(2) } }, // converts at its end
  { id: 'sub_b', customer: 'cus_b', trialDays: 7, start: at(-1), outcome: { kind: 'past_due', at: at(6) } }, // ends unpaid
  { id: 'sub_c', customer: 'cus_c', trialDays: 14, start: at(-10), outcome: { kind: 'cancel', at: at(1, -2) } }, // cancelled mid-trial
  { id: 'sub_d', customer: 'cus_d', trialDays: 14, start: at(-2), outcome: { kind: 'convert', at: at(12) } },
  { id: 'sub_e', customer: 'cus_e', trialDays: 30, start: at(-20) }, // its end (day 10) passes without an event
  { id: 'sub_f', customer: 'cus_f', trialDays: 30, start: at(3) },
  { id: 'sub_g', customer: 'cus_g', trialDays: null, start: at(-40) }, // paying, no trial
  { id: 'sub_h1', customer: 'cus_h', trialDays: 7, start: at(-1) }, // two trials, one customer
  { id: 'sub_h2', customer: 'cus_h', trialDays: 14, start: at(-1, 1), price: ADDON },
  { id: 'sub_i1', customer: 'cus_i', trialDays: null, start: at(-60) }, // pays, and tries an add-on
  { id: 'sub_i2', customer: 'cus_i', trialDays: 7, start: at(0, -1), price: ADDON },
  { id: 'sub_j', customer: 'cus_j', trialDays: 30, start: at(-5), outcome: { kind: 'convert', at: at(5) } }, // pays early
];

function eventsOf(sub: Sub): TestEvent[] {
  const p = sub.price ?? PRO;
  const trialEnd = sub.trialDays === null ? null : sub.start + sub.trialDays * DAY;
  const base = { id: sub.id, customer: sub.customer, price: p, start: sub.start, trialEnd };
  const out = [event('customer.subscription.created', subscription({ ...base, status: sub.trialDays === null ? 'active' : 'trialing' }), sub.start)];
  const o = sub.outcome;
  if (o?.kind === 'convert') out.push(event('customer.subscription.updated', subscription({ ...base, status: 'active', trialEnd: Math.min(trialEnd!, o.at) }), o.at));
  if (o?.kind === 'past_due') out.push(event('customer.subscription.updated', subscription({ ...base, status: 'past_due' }), o.at));
  if (o?.kind === 'cancel') out.push(event('customer.subscription.deleted', subscription({ ...base, status: 'canceled', endedAt: o.at }), o.at));
  return out;
}

/** Worked out from SUBS alone: customers with a trial running on `day` who do not pay that day. */
function expectedActive(day: string): number {
  const inTrial = new Set<string>();
  const paying = new Set<string>();
  for (const s of SUBS) {
    if (s.trialDays === null) {
      if (dayOf(s.start) <= day) paying.add(s.customer);
      continue;
    }
    if (s.outcome?.kind === 'convert' && dayOf(s.outcome.at) <= day) paying.add(s.customer);
    const ends = [dayOf(s.start + s.trialDays * DAY), ...(s.outcome ? [dayOf(s.outcome.at)] : [])].sort();
    if (dayOf(s.start) <= day && day < ends[0]!) inTrial.add(s.customer);
  }
  return [...inTrial].filter((c) => !paying.has(c)).length;
}

const CHECKS = [at(0, 1), at(1, 1), at(2, 1), at(4, 1), at(5, 1), at(6, 1), at(8), at(10, 1), at(12, 1), at(14)];

describe.each(BACKENDS)('active trials agree on every screen, from the real trial ends (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let workspace: Workspace;
  let source: Source;
  let headers: Record<string, string>;
  let clock = at(-61);
  const seen: { at: number; active: number }[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => new Date(clock * 1000) });
    workspace = await ensureWorkspace(db.store.db, { slug: 'trials', name: 'Trials' });
    headers = (await apiKeyCaller(t, workspace.id, 'viewer')).headers;
    source = await createSource(db.store.db, t.ctx.box, { workspaceId: workspace.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const pending = SUBS.flatMap(eventsOf).sort((a, b) => a.created - b.created);
  /** Moves the clock to `until`, posting every event dated by then at its own time. */
  async function runTo(until: number): Promise<void> {
    while (pending.length > 0 && pending[0]!.created <= until) {
      const e = pending.shift()!;
      clock = e.created;
      const { body, headers: signed } = signedWebhook(e, SECRET, clock);
      const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${source.id}`, payload: body, headers: signed });
      expect(response.statusCode, response.body).toBe(200);
      await t.worker.drain();
    }
    clock = until;
  }
  const get = async (path: string) => {
    const response = await t.app.inject({ url: `${path}${path.includes('?') ? '&' : '?'}workspace=${workspace.id}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const figures = async (asOf?: number) => {
    const q = asOf === undefined ? '' : `asOf=${new Date(asOf * 1000).toISOString()}`;
    const day = dayOf(asOf ?? clock);
    const from = dayOf(at(-30));
    const summary = await get(`/v1/metrics/summary?${q}`);
    const series = await get(`/v1/metrics/series?metric=active_trials&granularity=day&from=${from}&to=${day}&${q}`);
    const table = await get(`/v1/metrics/trials?granularity=week&from=${from}&to=${day}&${q}`);
    return { summary: summary.activeTrials as number, series: series.points.at(-1).value as number, trials: table.periods.at(-1).activeAtEnd as number, lastDay: series.points.at(-1).end as string };
  };

  it('summary = customers list (Trialing) = active_trials series = trials table, at each instant', async () => {
    for (const instant of CHECKS) {
      await runTo(instant);
      const day = dayOf(instant);
      const list = await get('/v1/customers?status=trialing&limit=200');
      const f = await figures();
      const expected = expectedActive(day);
      expect({ day, ...f, list: list.data.length }).toEqual({ day, summary: expected, series: expected, trials: expected, list: expected, lastDay: day });
      expect(list.nextCursor).toBeNull();
      seen.push({ at: instant, active: expected });
    }
    // The scenario is not trivial: the count goes up and down.
    const counts = seen.map((s) => s.active);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(5);
    expect(counts.at(-1)).toBeLessThan(Math.max(...counts));
  });

  it('a paying customer trying an add-on, and a customer with two trials, are not trialing twice', async () => {
    const list = await get('/v1/customers?status=trialing&limit=200');
    const ids = list.data.map((c: { id: string }) => c.id);
    expect(ids).not.toContain('cus_i');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('read again as of each earlier instant, the summary, series and trials table give the same counts', async () => {
    expect(seen.length).toBe(CHECKS.length);
    for (const { at: instant, active } of seen) {
      const f = await figures(instant);
      expect({ day: dayOf(instant), ...f }).toEqual({ day: dayOf(instant), summary: active, series: active, trials: active, lastDay: dayOf(instant) });
    }
  });

  it('stores each trial with its real end, whatever its length', async () => {
    const rows = await db.store.db.selectFrom('trials').select(['subscription_id', 'started_day', 'trial_end_day', 'converted_day', 'ended_day'])
      .where('workspace_id', '=', workspace.id).orderBy('subscription_id').execute();
    const expected = SUBS.filter((s) => s.trialDays !== null).map((s) => ({
      subscription_id: s.id,
      started_day: dayOf(s.start),
      trial_end_day: dayOf(s.outcome?.kind === 'convert' ? Math.min(s.start + s.trialDays! * DAY, s.outcome.at) : s.start + s.trialDays! * DAY),
      converted_day: s.outcome?.kind === 'convert' ? dayOf(s.outcome.at) : null,
      ended_day: s.outcome?.kind === 'cancel' ? dayOf(s.outcome.at) : null,
    })).sort((a, b) => (a.subscription_id < b.subscription_id ? -1 : 1));
    expect(rows).toEqual(expected);
  });
});
