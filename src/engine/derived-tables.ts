// Keeps the tables derived from the customer ledger in step with it. For a batch of customers
// being recomputed (recompute.ts) it works out, from their snapshots and new ledger rows, what
// they contribute to every derived table — day totals, cohort totals, plan ledgers and their
// day totals, paying spells, customer summaries — and, inside the same transaction, replaces the
// per-customer rows and adds (new − previous) to the shared day totals. An incremental update
// and a full rebuild therefore leave the same tables. When the change is live (a webhook, not a
// bulk load) it also announces, in the same transaction, what changed recently — movements,
// signups, scheduled cancellations — or, without an announcer, writes it to the live outbox.
import type { Kysely, Transaction } from 'kysely';
import { cohortTotalsOf, COHORT_TOTAL_FIELDS, type CohortDayTotals } from '../core/cohort-totals.js';
import { cancellationScheduled, customerStatus, subscriptionsAt, type SubscriptionNow } from '../core/customer-state.js';
import { dailyTotalsOf, mergeDailyTotals, payingSpellsOf, DAY_TOTAL_FIELDS, type DayTotals, type PayingSpell } from '../core/daily-totals.js';
import { addDays, dayFromNumber, dayNumberOf } from '../core/dates.js';
import { MissingFxRateError, type FxTable } from '../core/fx.js';
import { buildPlanLedger, planDayTotalsOf, type PlanDayTotals, type PlanLedgerEntry } from '../core/plan-ledger.js';
import { inTrialOn, trialStopDay } from '../core/trial-metrics.js';
import type { LedgerEntry, SubscriptionSnapshot, TrialRecord } from '../core/types.js';
import {
  addCohortDays, addMetricDays, addPlanDays, insertCustomerDerived, insertDayTotals, loadPreviousRows, pruneZeroTotals, replaceCustomerDerived, upsertPlanNames, upsertSummaries,
  type CustomerSummary, type PreviousRows,
} from '../store/derived-repo.js';
import { insertLedgerRows } from '../store/ledger-repo.js';
import { appendOutbox, type OutboxNote } from '../store/live-outbox-repo.js';
import type { Database } from '../store/schema.js';
import type { Workspace } from '../store/workspaces-repo.js';

/** Tells open dashboards what changed, inside the transaction that changed it (the live feed
 *  provides it: src/live/publish-updates.ts). `totals`: the headline figures may have moved. */
export type Announce = (trx: Transaction<Database>, workspace: Workspace, notes: readonly OutboxNote[], options: { totals: boolean }) => Promise<void>;

export type Identity = { name: string | null; email: string | null; country: string | null; createdAt: Date | null; deleted: boolean; currency: string | null };

export type Derived = {
  customerIds: readonly string[];
  entries: readonly LedgerEntry[];
  planEntries: PlanLedgerEntry[];
  planNames: Map<string, string>;
  spells: PayingSpell[];
  summaries: CustomerSummary[];
};

export type Previous = PreviousRows;

/** What customers contribute before they were ever computed (or after a rebuild cleared them). */
export const NOTHING_BEFORE: Previous = { entries: [], planEntries: [], summaries: new Map() };

export async function loadIdentities(db: Kysely<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Map<string, Identity>> {
  const out = new Map<string, Identity>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .selectFrom('customers')
    .select(['customer_id', 'name', 'email', 'country', 'created_at', 'deleted', 'currency'])
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', 'in', customerIds)
    .execute();
  for (const r of rows) out.set(r.customer_id, { name: r.name, email: r.email, country: r.country, createdAt: r.created_at, deleted: r.deleted, currency: r.currency });
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function toReporting(levels: ReadonlyMap<string, number>, fx: FxTable | null, day: string): number {
  let total = 0;
  for (const [currency, amount] of levels) {
    if (amount === 0) continue;
    try {
      total += fx ? fx.convert(amount, currency, day) : amount;
    } catch (error) {
      if (!(error instanceof MissingFxRateError)) throw error;
      total += amount; // only a sort key: an unconvertible amount sorts by its native value
    }
  }
  return total;
}

function summarise(
  customerId: string,
  subs: readonly SubscriptionNow[],
  entries: readonly LedgerEntry[],
  trials: readonly TrialRecord[],
  identity: Identity | undefined,
  context: { today: string; fx: FxTable | null; at: number },
): CustomerSummary {
  const levels = new Map<string, number>();
  let firstPaidDay: string | null = null;
  let nextChangeDay: string | null = null;
  for (const e of entries) {
    if (e.day <= context.today) {
      levels.set(e.currency, e.mrr);
      if (firstPaidDay === null || e.day < firstPaidDay) firstPaidDay = e.day;
    } else if (nextChangeDay === null || e.day < nextChangeDay) nextChangeDay = e.day;
  }
  // A trial stops counting on its stop day without any event: the summary is refreshed then.
  for (const t of trials) {
    const stop = trialStopDay(t);
    if (stop !== null && stop > context.today && (nextChangeDay === null || stop < nextChangeDay)) nextChangeDay = stop;
  }
  const positive = [...levels].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const latest = [...subs].sort((a, b) => b.since - a.since)[0];
  const currency = positive[0]?.[0] ?? latest?.currency ?? identity?.currency ?? null;
  const byPlan = new Map<string, { name: string; amount: number }>();
  for (const sub of subs) for (const p of sub.plans) byPlan.set(p.planId, { name: p.planName, amount: (byPlan.get(p.planId)?.amount ?? 0) + p.amount });
  const topPlan = [...byPlan].sort((a, b) => b[1].amount - a[1].amount || (a[0] < b[0] ? -1 : 1))[0];
  const plan = topPlan ? { planId: topPlan[0], planName: topPlan[1].name } : latest?.plan ?? null;
  const signup = subs.length ? Math.min(...subs.map((s) => s.startDate)) : null;
  const paying = positive.length > 0;
  return {
    customerId,
    name: identity?.name ?? null,
    email: identity?.email ?? null,
    country: identity?.country ?? null,
    customerCreatedAt: identity?.createdAt ?? null,
    deleted: identity?.deleted ?? false,
    status: customerStatus(subs, paying, firstPaidDay !== null, inTrialOn(trials, paying, context.today)),
    currency,
    mrr: currency ? levels.get(currency) ?? 0 : 0,
    mrrSort: toReporting(levels, context.fx, context.today),
    mrrByCurrency: Object.fromEntries(positive),
    planId: plan?.planId ?? null,
    planName: plan?.planName ?? null,
    subscriptions: subs.filter((s) => s.endedAt === null && s.status !== 'canceled' && s.status !== 'incomplete_expired').length,
    signupDay: signup === null ? null : dayFromNumber(dayNumberOf(signup)),
    firstPaidDay,
    cancelScheduled: subs.some((s) => cancellationScheduled(s, context.at)),
    nextChangeDay,
    asOfDay: context.today,
  };
}

/** Pure: what the derived tables hold for these customers (see the header). */
export function deriveCustomers(input: {
  workspace: Workspace;
  customerIds: readonly string[];
  snapshots: readonly SubscriptionSnapshot[];
  entries: readonly LedgerEntry[];
  /** The customers' trials (TrialRecord from the ledger): the `trialing` status is read from them. */
  trials: readonly TrialRecord[];
  identities: ReadonlyMap<string, Identity>;
  now: Date;
  until: number;
  fx: FxTable | null;
}): Derived {
  const at = Math.floor(input.now.getTime() / 1000);
  const today = input.now.toISOString().slice(0, 10);
  const snapshotsOf = groupBy(input.snapshots, (s) => s.state.customerId);
  const entriesOf = groupBy(input.entries, (e) => e.customerId);
  const trialsOf = groupBy(input.trials, (t) => t.customerId);
  const planEntries: PlanLedgerEntry[] = [];
  const planNames = new Map<string, string>();
  const summaries: CustomerSummary[] = [];
  for (const customerId of input.customerIds) {
    const snapshots = snapshotsOf.get(customerId) ?? [];
    const plans = buildPlanLedger(snapshots, { preset: input.workspace.preset, until: input.until });
    planEntries.push(...plans.entries);
    for (const [id, name] of plans.names) planNames.set(id, name);
    const subs = subscriptionsAt(snapshots, { preset: input.workspace.preset, at });
    const identity = input.identities.get(customerId);
    if (subs.length === 0 && !identity) continue;
    summaries.push(summarise(customerId, subs, entriesOf.get(customerId) ?? [], trialsOf.get(customerId) ?? [], identity, { today, fx: input.fx, at }));
  }
  return { customerIds: input.customerIds, entries: input.entries, planEntries, planNames, spells: payingSpellsOf(input.entries), summaries };
}

/** The rows these customers contribute now (call after locking them, before replacing them). */
export async function loadPrevious(trx: Transaction<Database>, workspaceId: string, customerIds: readonly string[]): Promise<Previous> {
  return loadPreviousRows(trx, workspaceId, customerIds);
}

function diffTotals<T extends object>(next: readonly T[], previous: readonly T[], key: (t: T) => string, fields: readonly (keyof T)[]): T[] {
  const byKey = new Map<string, T>();
  const add = (rows: readonly T[], sign: 1 | -1) => {
    for (const row of rows) {
      const k = key(row);
      let acc = byKey.get(k);
      if (!acc) {
        acc = { ...row };
        for (const f of fields) (acc[f] as number) = 0;
        byKey.set(k, acc);
      }
      for (const f of fields) (acc[f] as number) += sign * (row[f] as number);
    }
  };
  add(next, 1);
  add(previous, -1);
  return [...byKey.values()].filter((t) => fields.some((f) => t[f] !== 0));
}

function dayTotalsDiff(next: readonly LedgerEntry[], previous: readonly LedgerEntry[]): DayTotals[] {
  const merged = new Map<string, DayTotals>();
  mergeDailyTotals(merged, dailyTotalsOf(next), 1);
  mergeDailyTotals(merged, dailyTotalsOf(previous), -1);
  return [...merged.values()].filter((t) => DAY_TOTAL_FIELDS.some((f) => t[f] !== 0));
}

/** What changed recently for a live dashboard: changes of end-of-day MRR on or after yesterday
 *  (`amount` is this recompute's change of that day's level, so a second change on the same day
 *  reports only itself; a change that undoes the day's earlier one carries that row's kind with
 *  the opposite amount), new signups, newly scheduled cancellations. */
export function liveNotes(previous: Previous, next: Derived, today: string): OutboxNote[] {
  const since = addDays(today, -1);
  const recent = (day: string) => day >= since && day <= today;
  const notes: OutboxNote[] = [];
  const key = (e: LedgerEntry) => `${e.customerId}|${e.day}|${e.currency}`;
  const before = new Map(previous.entries.filter((e) => recent(e.day)).map((e) => [key(e), e]));
  const summaryOf = new Map(next.summaries.map((s) => [s.customerId, s]));
  const movement = (e: LedgerEntry, amount: number, mrr: number) => {
    const who = summaryOf.get(e.customerId);
    notes.push({
      kind: 'movement',
      data: { customerId: e.customerId, name: who?.name ?? null, planName: who?.planName ?? null, day: e.day, currency: e.currency, movement: e.movement, amount, mrr, eventId: e.causeEventId },
    });
  };
  for (const e of next.entries) {
    if (!recent(e.day)) continue;
    const old = before.get(key(e));
    before.delete(key(e));
    const amount = e.delta - (old?.delta ?? 0);
    if (amount !== 0 || (old && old.movement !== e.movement)) movement(e, amount, e.mrr);
  }
  for (const gone of before.values()) movement(gone, -gone.delta, gone.mrr - gone.delta);
  for (const s of next.summaries) {
    const old = previous.summaries.get(s.customerId);
    const base = { customerId: s.customerId, name: s.name, currency: s.currency, mrr: s.mrr, planId: s.planId, planName: s.planName };
    if (s.signupDay !== null && s.signupDay >= since && !old?.signupDay) notes.push({ kind: 'signup', data: { ...base, day: s.signupDay, status: s.status } });
    // Only for customers known before: a backfill bringing in a customer whose cancellation was
    // scheduled long ago is not news.
    if (s.cancelScheduled && old && !old.cancelScheduled) notes.push({ kind: 'cancellation_scheduled', data: base });
  }
  return notes;
}

/** A rebuild's day totals over every customer, added batch by batch and written once at the end
 *  (the tables start empty): the sums an incremental update would have added up to. */
export function createRebuildTotals() {
  const metric = new Map<string, DayTotals>();
  const cohort = new Map<string, CohortDayTotals>();
  const plan = new Map<string, PlanDayTotals>();
  const planNames = new Map<string, string>();
  const sum = <T extends object>(into: Map<string, T>, rows: readonly T[], key: (t: T) => string, fields: readonly (keyof T)[]) => {
    for (const row of rows) {
      const k = key(row);
      const acc = into.get(k);
      if (!acc) into.set(k, { ...row });
      else for (const f of fields) (acc[f] as number) += row[f] as number;
    }
  };
  return {
    add(derived: Derived): void {
      mergeDailyTotals(metric, dailyTotalsOf(derived.entries), 1);
      sum(cohort, cohortTotalsOf(derived.entries), (t) => `${t.cohort}|${t.day}|${t.currency}`, COHORT_TOTAL_FIELDS);
      sum(plan, planDayTotalsOf(derived.planEntries), (t) => `${t.day}|${t.planId}|${t.currency}`, ['mrrDelta', 'customersDelta']);
      for (const [id, name] of derived.planNames) planNames.set(id, name);
    },
    async write(trx: Transaction<Database>, workspaceId: string): Promise<void> {
      const sorted = <T>(m: Map<string, T>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
      await insertDayTotals(trx, workspaceId, { metric: sorted(metric), cohort: sorted(cohort), plan: sorted(plan) });
      await upsertPlanNames(trx, workspaceId, planNames);
    },
  };
}

/** Inside a rebuild's transaction, after its tables were emptied: these customers' own rows. */
export async function insertRebuiltRows(trx: Transaction<Database>, workspaceId: string, derived: Derived, trials: readonly TrialRecord[]): Promise<void> {
  await insertLedgerRows(trx, workspaceId, derived.entries, trials);
  await insertCustomerDerived(trx, workspaceId, derived.planEntries, derived.spells);
  await upsertSummaries(trx, workspaceId, derived.summaries);
}

/** Inside the recompute transaction, after the ledger rows were replaced. */
export async function writeDerived(
  trx: Transaction<Database>,
  workspace: Workspace,
  previous: Previous,
  next: Derived,
  options: { live: boolean; today: string; announce?: Announce },
): Promise<void> {
  const workspaceId = workspace.id;
  const metricDiff = dayTotalsDiff(next.entries, previous.entries);
  await addMetricDays(trx, workspaceId, metricDiff);
  const cohortKey = (t: CohortDayTotals) => `${t.cohort}|${t.day}|${t.currency}`;
  const cohortDiff = diffTotals(cohortTotalsOf(next.entries), cohortTotalsOf(previous.entries), cohortKey, COHORT_TOTAL_FIELDS);
  await addCohortDays(trx, workspaceId, cohortDiff);
  const planKey = (t: PlanDayTotals) => `${t.day}|${t.planId}|${t.currency}`;
  const planDiff = diffTotals(planDayTotalsOf(next.planEntries), planDayTotalsOf(previous.planEntries), planKey, ['mrrDelta', 'customersDelta']);
  await addPlanDays(trx, workspaceId, planDiff);
  // Only a change that removes something can bring a total back to zero.
  if (previous.entries.length > 0 || previous.planEntries.length > 0) {
    await pruneZeroTotals(trx, workspaceId, [...metricDiff, ...cohortDiff, ...planDiff].map((t) => t.day));
  }
  await replaceCustomerDerived(trx, workspaceId, next.customerIds, next.planEntries, next.spells);
  await upsertPlanNames(trx, workspaceId, next.planNames);
  await upsertSummaries(trx, workspaceId, next.summaries);
  if (!options.live) return;
  const notes = liveNotes(previous, next, options.today);
  if (options.announce) await options.announce(trx, workspace, notes, { totals: true });
  else if (notes.length > 0) await appendOutbox(trx, workspaceId, notes);
}
