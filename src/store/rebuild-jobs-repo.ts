// Background rebuilds of a workspace (a changed currency or preset): one row each, with progress.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type RebuildJob = { id: string; reason: string; status: 'running' | 'done' | 'failed'; done: number; total: number | null; error: string | null; startedAt: Date; finishedAt: Date | null };

export async function insertRebuildJob(db: Kysely<Database>, workspaceId: string, job: { id: string; reason: string; startedAt: Date }): Promise<void> {
  await db.insertInto('rebuild_jobs').values({ workspace_id: workspaceId, job_id: job.id, reason: job.reason, status: 'running', started_at: job.startedAt }).execute();
}

export async function finishRebuildJob(db: Kysely<Database>, workspaceId: string, jobId: string, outcome: { status: 'done' | 'failed'; done: number; total: number | null; error?: string; at: Date }): Promise<void> {
  await db.updateTable('rebuild_jobs')
    .set({ status: outcome.status, done: outcome.done, total: outcome.total, error: outcome.error?.slice(0, 2000) ?? null, finished_at: outcome.at })
    .where('workspace_id', '=', workspaceId).where('job_id', '=', jobId).execute();
}

export async function latestRebuildJob(db: Kysely<Database>, workspaceId: string): Promise<RebuildJob | null> {
  const row = await db.selectFrom('rebuild_jobs').selectAll().where('workspace_id', '=', workspaceId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return null;
  return { id: row.job_id, reason: row.reason, status: row.status as RebuildJob['status'], done: row.done, total: row.total, error: row.error, startedAt: row.started_at, finishedAt: row.finished_at };
}

/** A job left 'running' by an instance that stopped mid-way (its transaction rolled back). */
export async function failAbandonedRebuilds(db: Kysely<Database>, olderThan: Date): Promise<void> {
  await db.updateTable('rebuild_jobs').set({ status: 'failed', error: 'the server stopped before the rebuild finished; nothing was changed — change the setting again', finished_at: new Date() })
    .where('status', '=', 'running').where('started_at', '<', olderThan).execute();
}
