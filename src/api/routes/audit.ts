// The audit log and security events, for owners and admins: filtered lists, and the audit log as
// CSV, Excel or PDF (`?format=`; itself an export, so it is audited).
import type { FastifyInstance } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { listAudit, type AuditFilter } from '../../store/audit-repo.js';
import { listSecurityEvents } from '../../store/security-events-repo.js';
import type { AppContext } from '../context.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { csvCast } from '../csv.js';
import { renderExport } from '../export.js';
import { text } from '../text-schema.js';

const NAME = /^[a-z][a-z0-9_.]{0,63}$/;
const EXPORT_LIMIT = 10_000;

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
const page = {
  q: text(200).transform((s) => s.trim()).optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
const auditQuery = z.object({ ...page, action: z.string().regex(NAME, 'must be an action name like team.role_changed').optional(), from: instant.optional(), to: instant.optional() });
const exportQuery = auditQuery.omit({ before: true, limit: true }).extend({ format: z.enum(['csv', 'xlsx', 'pdf']).default('csv') });
const securityQuery = z.object({
  ...page,
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  type: z.string().regex(NAME, 'must be an event type like login_failed').optional(),
});

function auditFilter(query: Omit<z.infer<typeof exportQuery>, 'format'>, rest: Pick<AuditFilter, 'limit' | 'before'>): AuditFilter {
  return {
    ...rest,
    ...(query.q ? { q: query.q } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/v1/audit', { config: { access: 'audit:read' } }, async (request) => {
    const { workspace } = requireGrant(request);
    const query = auditQuery.parse(request.query);
    const data = await listAudit(ctx.store.db, workspace.id, auditFilter(query, { limit: query.limit, ...(query.before ? { before: query.before } : {}) }));
    return { data, nextBefore: data.length === query.limit ? data.at(-1)!.id : null };
  });

  app.get('/v1/audit/export', { config: { access: 'audit:read' } }, async (request, reply) => {
    const { workspace, principal } = requireGrant(request);
    const query = exportQuery.parse(request.query);
    const rows = await listAudit(ctx.store.db, workspace.id, auditFilter(query, { limit: EXPORT_LIMIT }));
    const audited = (format: string) => recordAudit(ctx.store.db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'audit.exported',
      target: { type: 'export', id: 'audit_log', label: `${rows.length} entries` }, detail: { filter: request.query ?? {}, format }, meta: requestMeta(request), at: ctx.now(),
    });
    if (query.format !== 'csv') {
      const file = await renderExport(ctx, request, query.format, {
        filename: `revpulse-audit-${workspace.slug.replace(/[^a-z0-9-]/gi, '')}`, title: 'Audit log', money: null,
        rows: rows.map((r) => ({ at: r.at.toISOString(), actor: r.actorLabel, action: r.action, target: r.targetLabel, targetType: r.targetType, targetId: r.targetId, detail: JSON.stringify(r.detail), ip: r.ip, userAgent: r.userAgent, id: r.id })),
        labels: { at: 'When', targetType: 'Target type', targetId: 'Target ID', ip: 'IP address', userAgent: 'User agent', id: 'Entry' },
      });
      await audited(query.format);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    }
    const header = ['id', 'at', 'actor_type', 'actor', 'action', 'target_type', 'target_id', 'target', 'detail', 'ip', 'user_agent'];
    // Cells as in every other export (csvCast): text neutralised against formula injection.
    const csv = stringify([header, ...rows.map((r) => [r.id, r.at, r.actorType, r.actorLabel, r.action, r.targetType, r.targetId, r.targetLabel, r.detail, r.ip, r.userAgent])], { cast: csvCast() });
    await audited('csv');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="revpulse-audit-${workspace.slug.replace(/[^a-z0-9-]/gi, '')}.csv"`)
      .send(csv);
  });

  app.get('/v1/security-events', { config: { access: 'security:read' } }, async (request) => {
    const { workspace } = requireGrant(request);
    const query = securityQuery.parse(request.query);
    const data = await listSecurityEvents(ctx.store.db, workspace.id, {
      limit: query.limit,
      includeUnscoped: workspace.slug === 'default',
      ...(query.before ? { before: query.before } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.q ? { q: query.q } : {}),
    });
    return { data, nextBefore: data.length === query.limit ? data.at(-1)!.id : null };
  });
}
