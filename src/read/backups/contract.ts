// Backups (issue 17): the installation's backup history and schedule, as GET/POST /v1/backups
// answer them (src/api/routes/backups.ts) and Settings → Backups reads them.
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

export const backupRun = z.object({
  id: z.string(),
  kind: z.enum(['manual', 'scheduled']),
  status: z.enum(['completed', 'failed']),
  requestedBy: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp,
  file: z.string(),
  bytes: z.nullable(count),
  sha256: z.nullable(z.string()),
  schemaVersion: z.nullable(z.string()),
  tables: z.nullable(count),
  rows: z.nullable(count),
  error: z.nullable(z.string()),
});
export type BackupRunView = z.infer<typeof backupRun>;

/** GET /v1/backups. schedule: a cron expression (UTC) or 'off'; keep: how many the folder keeps. */
export const backupsAnswer = z.object({
  schedule: z.string(),
  dir: z.string(),
  keep: count,
  database: z.enum(['pglite', 'postgres']),
  data: z.array(backupRun),
});
export type BackupsAnswer = z.infer<typeof backupsAnswer>;

/** POST /v1/backups: the backup just written. */
export const backupCreated = z.object({ run: backupRun });
