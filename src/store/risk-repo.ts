// Churn risk's rows: the workspace's churn models (one active at a time), the daily risk scores,
// and the facts training reads straight from the ledger and the signal tables (churn days, where
// the history starts). Every query is scoped by workspace_id.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../core/dates.js';
import { chunks } from './batches.js';
import type { Database } from './schema.js';

export type ChurnModelRow = {
  modelId: string;
  kind: 'rules' | 'logistic';
  trainedAt: Date;
  params: Record<string, unknown>;
  evaluation: Record<string, unknown>;
  trainingRows: number;
  active: boolean;
};

const modelColumns = ['model_id', 'kind', 'trained_at', 'params', 'evaluation', 'training_rows', 'active'] as const;

function toModel(r: { model_id: string; kind: 'rules' | 'logistic'; trained_at: Date; params: Record<string, unknown>; evaluation: Record<string, unknown>; training_rows: number; active: boolean }): ChurnModelRow {
  return {
    modelId: r.model_id, kind: r.kind, trainedAt: new Date(r.trained_at), params: r.params,
    evaluation: r.evaluation, trainingRows: r.training_rows, active: r.active,
  };
}

/** The model that scores now, or null before the first training. */
export async function activeChurnModel(db: Kysely<Database>, workspaceId: string): Promise<ChurnModelRow | null> {
  const row = await db.selectFrom('churn_models').select(modelColumns)
    .where('workspace_id', '=', workspaceId).where('active', '=', true)
    .orderBy('trained_at', 'desc').orderBy('model_id', 'desc').executeTakeFirst();
  return row ? toModel(row) : null;
}

/** Stores a trained model; `activate` makes it the only active one (in one transaction, so a
 *  reader always sees exactly one). Older models stay for the record. */
export async function saveChurnModel(db: Kysely<Database>, workspaceId: string, model: ChurnModelRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (model.active) await trx.updateTable('churn_models').set({ active: false }).where('workspace_id', '=', workspaceId).where('active', '=', true).execute();
    await trx.insertInto('churn_models').values({
      workspace_id: workspaceId, model_id: model.modelId, kind: model.kind, trained_at: model.trainedAt,
      params: JSON.stringify(model.params), evaluation: JSON.stringify(model.evaluation),
      training_rows: model.trainingRows, active: model.active,
    }).execute();
  });
}

/** Keeps the newest `keep` models (and the active one) so weekly training does not pile up rows. */
export async function pruneChurnModels(db: Kysely<Database>, workspaceId: string, keep: number): Promise<void> {
  const kept = await db.selectFrom('churn_models').select('model_id').where('workspace_id', '=', workspaceId)
    .orderBy('trained_at', 'desc').orderBy('model_id', 'desc').limit(keep).execute();
  const ids = kept.map((k) => k.model_id);
  let query = db.deleteFrom('churn_models').where('workspace_id', '=', workspaceId).where('active', '=', false);
  if (ids.length > 0) query = query.where('model_id', 'not in', ids);
  await query.execute();
}

export type RiskScoreRow = { customerId: string; probability: number; modelId: string; reasons: unknown[] };

/** The day's scores, replacing whatever that day held (a customer no longer paying loses its
 *  row): running it twice leaves the same rows. */
export async function replaceRiskScores(db: Kysely<Database>, workspaceId: string, day: Day, rows: readonly RiskScoreRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('risk_scores').where('workspace_id', '=', workspaceId).where('day', '=', day).execute();
    for (const chunk of chunks(rows, 500)) {
      await trx.insertInto('risk_scores').values(chunk.map((r) => ({
        workspace_id: workspaceId, customer_id: r.customerId, day, probability: r.probability,
        model_id: r.modelId, reasons: JSON.stringify(r.reasons),
      }))).execute();
    }
  });
}

export async function riskScoresOn(db: Kysely<Database>, workspaceId: string, day: Day): Promise<(RiskScoreRow & { day: Day })[]> {
  const rows = await db.selectFrom('risk_scores').select(['customer_id', 'day', 'probability', 'model_id', 'reasons'])
    .where('workspace_id', '=', workspaceId).where('day', '=', day).orderBy('customer_id').execute();
  return rows.map((r) => ({ customerId: r.customer_id, day: r.day, probability: r.probability, modelId: r.model_id, reasons: r.reasons }));
}

/** The latest day scored, or null. */
export async function latestRiskDay(db: Kysely<Database>, workspaceId: string): Promise<Day | null> {
  const row = await db.selectFrom('risk_scores').select((eb) => eb.fn.max('day').as('day')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.day ?? null;
}

/** Each customer's churn days (its total MRR went to 0), ascending, up to `until`. */
export async function churnDaysByCustomer(db: Kysely<Database>, workspaceId: string, until: Day): Promise<Map<string, Day[]>> {
  const rows = await db.selectFrom('ledger_entries').select(['customer_id', 'day']).distinct()
    .where('workspace_id', '=', workspaceId).where('movement', '=', 'churn').where('day', '<=', until)
    .orderBy('customer_id').orderBy('day').execute();
  const out = new Map<string, Day[]>();
  for (const r of rows) {
    const days = out.get(r.customer_id) ?? [];
    days.push(r.day);
    out.set(r.customer_id, days);
  }
  return out;
}

/** Where the workspace's history starts: its first ledger day, and the first day of each signal
 *  group (null: the workspace has none of it). */
export async function historyStart(db: Kysely<Database>, workspaceId: string): Promise<{ ledger: Day | null; usage: Day | null; tickets: Day | null; surveys: Day | null }> {
  const result = await sql<{ ledger: Day | null; usage: Day | null; tickets: Day | null; surveys: Day | null }>`
    select
      (select min(day) from ledger_entries where workspace_id = ${workspaceId}) as ledger,
      (select min(day) from usage_daily where workspace_id = ${workspaceId}) as usage,
      (select min(opened_at)::date from support_tickets where workspace_id = ${workspaceId}) as tickets,
      (select min(responded_at)::date from survey_responses where workspace_id = ${workspaceId}) as surveys`.execute(db);
  const row = result.rows[0];
  return { ledger: row?.ledger ?? null, usage: row?.usage ?? null, tickets: row?.tickets ?? null, surveys: row?.surveys ?? null };
}

/** Every customer summary's id in the workspace, in id order (the superset a batched read of
 *  signals walks through; the signals loader keeps those that exist by the day). */
export async function summaryCustomerIds(db: Kysely<Database>, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_summaries').select('customer_id').where('workspace_id', '=', workspaceId).orderBy('customer_id').execute();
  return rows.map((r) => r.customer_id);
}
