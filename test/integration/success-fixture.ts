// Hand-written customer-success rows for the success-*.test.ts files: customers (their summary and
// ledger rows, so the list and the as-of MRR agree), health snapshots, risk scores, product
// accounts with their usage and active users, plan limits and survey responses.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export type CustomerRow = {
  id: string; name?: string; status?: 'active' | 'past_due' | 'trialing' | 'churned' | 'inactive'; planId?: string | null;
  planName?: string | null; mrr?: number; currency?: string; signupDay?: string | null;
  /** Ledger rows: [day, mrr] in `currency`; defaults to one row on signupDay with `mrr`. */
  ledger?: [string, number][];
};

export async function addCustomers(db: Kysely<Database>, workspaceId: string, rows: readonly CustomerRow[], today: string): Promise<void> {
  for (const c of rows) {
    const currency = c.currency ?? 'usd';
    const mrr = c.mrr ?? 0;
    await db.insertInto('customer_summaries').values({
      workspace_id: workspaceId, customer_id: c.id, name: c.name ?? c.id, email: `${c.id}@example.com`, country: 'US', customer_created_at: null,
      status: c.status ?? (mrr > 0 ? 'active' : 'trialing'), currency, mrr, mrr_sort: mrr, mrr_by_currency: JSON.stringify(mrr > 0 ? { [currency]: mrr } : {}),
      plan_id: c.planId ?? null, plan_name: c.planName ?? c.planId ?? null, subscriptions: 1, signup_day: c.signupDay ?? '2026-01-01',
      first_paid_day: mrr > 0 ? (c.signupDay ?? '2026-01-01') : null, next_change_day: null, as_of_day: today,
    }).execute();
    const ledger = c.ledger ?? (mrr > 0 ? [[c.signupDay ?? '2026-01-01', mrr] as [string, number]] : []);
    let previous = 0;
    let spell: string | null = null;
    for (const [day, value] of ledger) {
      if (previous === 0 && value > 0) spell = day;
      if (previous > 0 && value === 0 && spell) {
        await db.insertInto('paying_spells').values({ workspace_id: workspaceId, customer_id: c.id, start_day: spell, end_day: day }).execute();
        spell = null;
      }
      const movement = previous === 0 ? 'new' : value === 0 ? 'churn' : value > previous ? 'expansion' : 'contraction';
      await db.insertInto('ledger_entries').values({ workspace_id: workspaceId, customer_id: c.id, day, currency, mrr: value, delta: value - previous, movement, cause_event_id: `evt_${c.id}_${day}` }).execute();
      if (c.planId) {
        await db.insertInto('plan_ledger_entries').values({ workspace_id: workspaceId, customer_id: c.id, plan_id: c.planId, currency, day, mrr: value, delta: value - previous }).onConflict((o) => o.doNothing()).execute();
      }
      previous = value;
    }
    if (spell) await db.insertInto('paying_spells').values({ workspace_id: workspaceId, customer_id: c.id, start_day: spell, end_day: null }).execute();
    if (c.planId) await db.insertInto('plans').values({ workspace_id: workspaceId, plan_id: c.planId, name: c.planName ?? c.planId }).onConflict((o) => o.doNothing()).execute();
  }
}

export async function addHealth(db: Kysely<Database>, workspaceId: string, rows: readonly { customerId: string; day: string; score: number | null; band?: 'high_risk' | 'medium' | 'healthy' | null; partial?: boolean }[]): Promise<void> {
  const band = (s: number | null) => (s === null ? null : s < 40 ? 'high_risk' : s <= 70 ? 'medium' : 'healthy');
  for (const r of rows) {
    await db.insertInto('health_snapshots').values({
      workspace_id: workspaceId, customer_id: r.customerId, day: r.day, score: r.score, band: r.band === undefined ? band(r.score) : r.band, partial: r.partial ?? false, components: JSON.stringify([]),
    }).execute();
  }
}

export async function addRisk(db: Kysely<Database>, workspaceId: string, rows: readonly { customerId: string; day: string; probability: number; reasons?: unknown[] }[]): Promise<void> {
  for (const r of rows) {
    await db.insertInto('risk_scores').values({ workspace_id: workspaceId, customer_id: r.customerId, day: r.day, probability: r.probability, model_id: 'rules', reasons: JSON.stringify(r.reasons ?? []) }).execute();
  }
}

/** A product account linked to `customerId` (null: unlinked), and each user's events per day. */
export async function addAccount(db: Kysely<Database>, workspaceId: string, accountId: string, customerId: string | null, activity: readonly { user: string; day: string; events?: number }[] = []): Promise<void> {
  await db.insertInto('cs_accounts').values({
    workspace_id: workspaceId, account_id: accountId, name: accountId, customer_id: customerId, link_rule: customerId ? 'customer_id' : null,
    first_seen_at: new Date('2026-01-01T00:00:00Z'), last_seen_at: new Date('2026-01-01T00:00:00Z'),
  }).execute();
  for (const a of activity) {
    await db.insertInto('user_activity_daily').values({ workspace_id: workspaceId, account_id: accountId, user_id: a.user, day: a.day, events: a.events ?? 1 }).execute();
  }
}

export async function addUsage(db: Kysely<Database>, workspaceId: string, rows: readonly { account: string; day: string; event: string; events: number; quantity?: number; users?: number }[]): Promise<void> {
  for (const r of rows) {
    await db.insertInto('usage_daily').values({ workspace_id: workspaceId, account_id: r.account, day: r.day, event: r.event, events: r.events, quantity: r.quantity ?? r.events, users: r.users ?? 1 }).execute();
  }
}

export async function addSurveys(db: Kysely<Database>, workspaceId: string, rows: readonly { id: string; customerId: string | null; score: number; at: string; kind?: 'nps' | 'csat'; email?: string }[]): Promise<void> {
  for (const r of rows) {
    await db.insertInto('survey_responses').values({
      workspace_id: workspaceId, response_id: r.id, kind: r.kind ?? 'nps', customer_id: r.customerId, account_id: null, email: r.email ?? null, score: r.score, comment: null, responded_at: new Date(r.at), source: 'api',
    }).execute();
  }
}

export async function addAlert(db: Kysely<Database>, workspaceId: string, a: { ruleId: string; kind: 'health_below' | 'risk_above' | 'payment_failed' | 'usage_drop' | 'limit_near' | 'trial_ending_inactive'; alertId: string; customerId: string; status: 'open' | 'acknowledged' | 'snoozed' | 'cleared'; openedAt: string; clearedAt?: string }): Promise<void> {
  await db.insertInto('alert_rules').values({ workspace_id: workspaceId, rule_id: a.ruleId, kind: a.kind, name: a.ruleId, threshold: null }).onConflict((o) => o.doNothing()).execute();
  await db.insertInto('alerts').values({
    workspace_id: workspaceId, alert_id: a.alertId, rule_id: a.ruleId, customer_id: a.customerId, status: a.status, opened_at: new Date(a.openedAt),
    cleared_at: a.clearedAt ? new Date(a.clearedAt) : null, evidence: JSON.stringify({}),
  }).execute();
}

export async function addLimits(db: Kysely<Database>, workspaceId: string, rows: readonly { planId: string; metric: string; limit: number; period?: 'day' | 'month' | 'rolling_30_days' }[]): Promise<void> {
  for (const r of rows) await db.insertInto('plan_limits').values({ workspace_id: workspaceId, plan_id: r.planId, metric: r.metric, limit_value: r.limit, period: r.period ?? 'month' }).execute();
}
