// The installation's backups (docs/operations.md#backup-and-restore): GET /v1/backups (history,
// schedule, folder) and POST /v1/backups (one now, into the backup folder). An archive holds every
// workspace, so only owners of the installation's home workspace (slug 'default', created on the
// first start) may see or make one: access 'user' (a signed-in person, never an API key) and that
// check here. Making one is audited in the home workspace.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../accounts/security-log.js';
import { runBackup } from '../../operations/backup/run-backup.js';
import { backupCreated, backupsAnswer } from '../../read/backups/contract.js';
import { listBackupRuns, type BackupRun } from '../../store/backups-repo.js';
import { membershipRole } from '../../store/memberships-repo.js';
import { findWorkspaceBySlug, type Workspace } from '../../store/workspaces-repo.js';
import { requestMeta, requireUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { errors } from '../schemas/common.js';

const tags = ['operations'];
export const HOME_WORKSPACE_SLUG = 'default';

const view = (run: BackupRun) => ({ ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() });

export async function backupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  /** The home workspace, when the caller is one of its owners; 403 otherwise. */
  const requireInstallationOwner = async (request: FastifyRequest): Promise<{ home: Workspace; email: string; userId: string }> => {
    const user = requireUser(request);
    const home = await findWorkspaceBySlug(db, HOME_WORKSPACE_SLUG);
    if (!home || (await membershipRole(db, home.id, user.userId)) !== 'owner') {
      throw new ApiError('RVP_FORBIDDEN', "Backups hold every workspace: only owners of the installation's home workspace may see or make them.");
    }
    return { home, email: user.email, userId: user.userId };
  };

  r.get('/v1/backups', {
    config: { access: 'user' },
    schema: { tags, summary: "The installation's backup history, schedule and folder (owners of the home workspace)", response: { 200: backupsAnswer, ...errors } },
  }, async (request) => {
    await requireInstallationOwner(request);
    const { schedule, dir, keep } = ctx.config.backups;
    return { schedule, dir, keep, database: ctx.store.kind, data: (await listBackupRuns(db)).map(view) };
  });

  r.post('/v1/backups', {
    bodyLimit: SMALL_BODY,
    config: { access: 'user' },
    schema: { tags, summary: 'Back up the whole database now, into the backup folder (owners of the home workspace)', response: { 201: backupCreated, ...errors } },
  }, async (request, reply) => {
    const owner = await requireInstallationOwner(request);
    let run: BackupRun;
    try {
      run = await runBackup({ store: ctx.store, config: ctx.config, kind: 'manual', requestedBy: owner.email, now: ctx.now });
    } catch (error) {
      ctx.logger.error({ err: error }, 'backup failed');
      throw new ApiError('RVP_INTERNAL', `The backup failed (the history lists it): ${(error as Error).message}`);
    }
    await recordAudit(db, {
      workspaceIds: [owner.home.id], actor: { type: 'user', id: owner.userId, label: owner.email }, action: 'backup.created',
      target: { type: 'backup', id: run.id, label: run.file }, detail: { bytes: run.bytes, rows: run.rows, sha256: run.sha256 }, meta: requestMeta(request), at: ctx.now(),
    });
    const { pruned: _pruned, ...stored } = run as BackupRun & { pruned?: string[] };
    return reply.code(201).send({ run: view(stored) });
  });
}
