// The risk view's SQL: which model scores an as-of instant, and whether a customer exists.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ChurnModelRow } from '../../store/risk-repo.js';

const columns = ['model_id', 'kind', 'trained_at', 'params', 'evaluation', 'training_rows', 'active'] as const;

/** The model that scored at `at`: the active one when it was trained by then, else the newest
 *  model trained by then that could be active (the rules, or a logistic model marked good);
 *  null when none was (the built-in rules score). A model trained later never reads an earlier
 *  day: it learnt from what happened after it. */
export async function modelAt(db: Kysely<Database>, workspaceId: string, at: Date): Promise<ChurnModelRow | null> {
  const row = await db.selectFrom('churn_models').select(columns)
    .where('workspace_id', '=', workspaceId).where('trained_at', '<=', at)
    .where((eb) => eb.or([eb('active', '=', true), eb('kind', '=', 'rules'), eb(sql<string>`evaluation->>'good'`, '=', 'true')]))
    .orderBy('active', 'desc').orderBy('trained_at', 'desc').orderBy('model_id', 'desc').executeTakeFirst();
  if (!row) return null;
  return {
    modelId: row.model_id, kind: row.kind, trainedAt: new Date(row.trained_at), params: row.params,
    evaluation: row.evaluation, trainingRows: row.training_rows, active: row.active,
  };
}

export async function customerExists(db: Kysely<Database>, workspaceId: string, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customers').select('customer_id')
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).limit(1).executeTakeFirst();
  return row !== undefined;
}
