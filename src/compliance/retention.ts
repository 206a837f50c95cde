// Applies each workspace's retention policy (issue 17, docs/compliance.md#retention). Responsible
// for, per workspace: stripping personal data from stored provider and tracking payloads older
// than raw_payload_days (scrubPayload, in batches, each row once); dropping raw tracking messages
// older than usage_raw_days once they are in the daily roll-ups; dropping audit and security
// entries older than audit_days / security_days (inside withPurge); clearing GDPR export files
// past their expiry. Each workspace's run is one retention_runs row with its counts, or 'failed'
// with the error; one failing workspace does not stop the others. Sessions are pruned hourly by
// src/jobs/session-prune.ts: a run only records how many expired ones are still stored.
import { createHash } from 'node:crypto';
import { sessionPolicy } from '../accounts/sessions.js';
import type { Config } from '../config.js';
import { scrubPayload, type PersonalDataReplacer } from '../core/personal-data.js';
import { rollUpAll } from '../ingest/segment/rollup.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { newId } from '../store/ids.js';
import { withPurge } from '../store/purge.js';
import {
  clearExpiredExports, countUnrolledSignals, deleteOldAuditEntries, deleteOldSecurityEvents, deleteRolledUpSignals, expiredSessionsWaiting,
  finishRun, getPolicy, rawPayloadsToScrub, signalPayloadsToScrub, startRun, workspacesToRetain, writeScrubbedRawPayloads,
  writeScrubbedSignalPayloads, type RetentionCounts, type RetentionPolicy, type StoredPayload,
} from '../store/retention-repo.js';
import { findWorkspace } from '../store/workspaces-repo.js';

export type RetentionDeps = {
  store: Store;
  logger: Logger;
  now: () => Date;
  auth: Config['auth'];
  /** Test seam: runs before each workspace's work (throwing fails that workspace's run). */
  beforeWorkspace?: (workspaceId: string) => Promise<void>;
};

export type WorkspaceRetention = { workspaceId: string; runId: string; status: 'completed' | 'failed'; counts: RetentionCounts; error: string | null };

/** Rows read, scrubbed and written back per batch. */
export const SCRUB_BATCH = 500;
/** Tracking messages deleted per statement. */
export const DELETE_BATCH = 5000;
const DAY_MS = 86_400_000;

/** The text that replaces a name, phone, address line or other personal value. */
export const REMOVED = '[removed]';

/**
 * What retention writes over personal fields. An e-mail becomes a stand-in that is the same for
 * the same address in the same workspace (a one-way hash): customers of two sources linked by
 * their e-mail stay linked when the figures are rebuilt from the scrubbed log, so no figure
 * changes. Names, phones and other text become "[removed]"; objects (addresses) become null.
 */
export function retentionReplacer(workspaceId: string): PersonalDataReplacer {
  return (field, value) => {
    if (field === 'email' && typeof value === 'string' && value.trim() !== '') {
      const digest = createHash('sha256').update(`revpulse-retention\u0000${workspaceId}\u0000${value.trim().toLowerCase()}`).digest('hex').slice(0, 20);
      return `removed-${digest}@removed.invalid`;
    }
    return typeof value === 'string' ? REMOVED : null;
  };
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

async function scrubBatches(
  read: (limit: number) => Promise<StoredPayload[]>,
  write: (rows: StoredPayload[]) => Promise<number>,
  replace: PersonalDataReplacer,
): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await read(SCRUB_BATCH);
    if (rows.length === 0) return total;
    total += await write(rows.map((r) => ({ key: r.key, payload: scrubPayload(r.payload, replace) })));
    if (rows.length < SCRUB_BATCH) return total;
  }
}

async function applyPolicy(deps: RetentionDeps, workspaceId: string, policy: RetentionPolicy, counts: RetentionCounts): Promise<void> {
  const db = deps.store.db;
  const now = deps.now();
  if (policy.rawPayloadDays !== null) {
    const cutoff = before(now, policy.rawPayloadDays);
    const replace = retentionReplacer(workspaceId);
    counts.raw_payloads_scrubbed = await scrubBatches((n) => rawPayloadsToScrub(db, workspaceId, cutoff, n), (rows) => writeScrubbedRawPayloads(db, workspaceId, rows, now), replace);
    counts.tracking_payloads_scrubbed = await scrubBatches((n) => signalPayloadsToScrub(db, workspaceId, cutoff, n), (rows) => writeScrubbedSignalPayloads(db, workspaceId, rows, now), replace);
  }
  if (policy.usageRawDays !== null) {
    const cutoff = before(now, policy.usageRawDays);
    let deleted = 0;
    for (let n = DELETE_BATCH; n === DELETE_BATCH; deleted += n) n = await deleteRolledUpSignals(db, workspaceId, cutoff, DELETE_BATCH);
    counts.usage_events_deleted = deleted;
    counts.usage_events_waiting = await countUnrolledSignals(db, workspaceId, cutoff);
  }
  if (policy.auditDays !== null) {
    const cutoff = before(now, policy.auditDays);
    counts.audit_entries_deleted = await withPurge(db, (trx) => deleteOldAuditEntries(trx, workspaceId, cutoff));
  }
  if (policy.securityDays !== null) {
    const cutoff = before(now, policy.securityDays);
    counts.security_events_deleted = await withPurge(db, (trx) => deleteOldSecurityEvents(trx, workspaceId, cutoff));
    // Events of no workspace (a sign-in attempt for an unknown e-mail) are shown in the default
    // workspace's security log, so they follow its policy.
    const workspace = await findWorkspace(db, workspaceId);
    if (workspace?.slug === 'default') counts.unscoped_security_events_deleted = await withPurge(db, (trx) => deleteOldSecurityEvents(trx, null, cutoff));
  }
  counts.exports_expired = await clearExpiredExports(db, workspaceId, now, policy.exportDays);
  const sessions = sessionPolicy(deps.auth);
  counts.expired_sessions_waiting = await expiredSessionsWaiting(db, workspaceId, { now, idleSince: new Date(now.getTime() - sessions.idleMs) });
}

/** One workspace's run, recorded in retention_runs whatever happens. */
export async function retainWorkspace(deps: RetentionDeps, workspaceId: string): Promise<WorkspaceRetention> {
  const db = deps.store.db;
  const runId = newId('ret');
  await startRun(db, { workspaceId, runId, at: deps.now() });
  const counts: RetentionCounts = {};
  let error: string | null = null;
  try {
    await deps.beforeWorkspace?.(workspaceId);
    await applyPolicy(deps, workspaceId, await getPolicy(db, workspaceId), counts);
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
    deps.logger.warn({ err: cause, workspaceId }, 'retention run failed for a workspace');
  }
  await finishRun(db, { workspaceId, runId, at: deps.now(), counts, error });
  return { workspaceId, runId, status: error === null ? 'completed' : 'failed', counts, error };
}

/**
 * One run over every workspace with a policy or an export file (or only `workspaceIds`). Tracking
 * messages not rolled up yet are rolled up first, so dropping raw rows never loses a count.
 */
export async function runRetention(deps: RetentionDeps, options: { workspaceIds?: readonly string[] } = {}): Promise<WorkspaceRetention[]> {
  const ids = options.workspaceIds ?? (await workspacesToRetain(deps.store.db));
  if (ids.length === 0) return [];
  const policies = await Promise.all(ids.map((id) => getPolicy(deps.store.db, id)));
  if (policies.some((p) => p.usageRawDays !== null)) {
    // Only rolled-up messages are ever deleted, so a failed roll-up loses nothing: it waits.
    await rollUpAll(deps.store, { now: deps.now }).catch((error: unknown) => deps.logger.warn({ err: error }, 'rolling up tracking messages before retention failed'));
  }
  const results: WorkspaceRetention[] = [];
  for (const id of ids) results.push(await retainWorkspace(deps, id));
  return results;
}
