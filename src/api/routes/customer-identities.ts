// One customer across sources: GET /v1/customer-links (every link: e-mail matches and mappings),
// PUT /v1/customer-links/:customerId { canonicalId } (a person's mapping; refused when it would
// form a cycle or name a customer this workspace does not have), DELETE /v1/customer-links/:customerId
// (the customer counts on its own again, and e-mail matching leaves it apart). Changes are
// audited and recompute both sides before answering (src/engine/customer-identity.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { linkCustomer, unlinkCustomer } from '../../engine/customer-identity.js';
import { customerLink, customerLinksResponse, customerUnlinkResponse, type CustomerLinkItem } from '../../read/customers/links-contract.js';
import { findLink, listLinks, type StoredLink } from '../../store/customer-identities-repo.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

const customerIdText = () => text(255).min(1, 'must not be empty');
const params = z.object({ customerId: customerIdText() });
const linkBody = z.strictObject({ canonicalId: customerIdText().describe('The customer this one counts as (an alias resolves to its canonical)') });

const itemOf = (l: StoredLink): CustomerLinkItem => ({ customerId: l.customerId, canonicalId: l.canonicalId, rule: l.rule, createdBy: l.createdBy, createdAt: new Date(l.createdAt).toISOString() });

export async function customerIdentityRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get('/v1/customer-links', {
    config: { access: 'customers:read' },
    schema: { tags: ['customers'], summary: 'Customers that count as another: e-mail matches across sources and mappings', querystring: z.object(scoped), response: { 200: customerLinksResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return { data: (await listLinks(db, workspace.id)).map(itemOf) };
  });

  r.put('/v1/customer-links/:customerId', {
    bodyLimit: SMALL_BODY,
    config: { access: 'sources:write' },
    schema: {
      tags: ['customers'], summary: 'Count a customer as another in every count and movement (a mapping: wins over e-mail matching)',
      params, querystring: z.object(scoped), body: linkBody, response: { 200: customerLink, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const actor = actorOf(principal);
    const { customerId } = request.params;
    const link = await linkCustomer(db, workspace, { customerId, targetId: request.body.canonicalId, createdBy: actor.label, now: ctx.now() });
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor, action: 'customers.linked', target: { type: 'customer', id: customerId },
      detail: { canonicalId: link.canonicalId, requested: request.body.canonicalId, previousCanonicalId: link.previousCanonicalId }, meta: requestMeta(request), at: ctx.now(),
    });
    const stored = await findLink(db, workspace.id, customerId);
    if (!stored) throw new ApiError('RVP_CUSTOMER_LINK_NOT_FOUND', `The link of ${customerId} was changed meanwhile: list the links again.`);
    return itemOf(stored);
  });

  r.delete('/v1/customer-links/:customerId', {
    config: { access: 'sources:write' },
    schema: {
      tags: ['customers'], summary: 'Count a customer on its own again (e-mail matching will not link it again)',
      params, querystring: z.object(scoped), response: { 200: customerUnlinkResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const actor = actorOf(principal);
    const unlinked = await unlinkCustomer(db, workspace, { customerId: request.params.customerId, createdBy: actor.label, now: ctx.now() });
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor, action: 'customers.unlinked', target: { type: 'customer', id: unlinked.customerId },
      detail: { canonicalId: unlinked.canonicalId, rule: unlinked.rule }, meta: requestMeta(request), at: ctx.now(),
    });
    return { unlinked };
  });
}
