// Product accounts and their link to billing customers (issue 13): GET /v1/success/accounts
// (paged; ?linked=false lists the unmatched ones the Settings panel shows, each with the
// customer the rules suggest) and PUT /v1/success/accounts/:accountId/link (a person links an
// account by hand, or unlinks it with null; the rules never override either). Parse, authorise,
// load or write, respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { accountLinkAnswer, successAccountList } from '../../read/success-accounts/contract.js';
import { loadAccount, loadAccountPage } from '../../read/success-accounts/load.js';
import { customerExists, setAccountLink } from '../../store/cs-accounts-repo.js';
import type { AppContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { errors, scoped } from '../schemas/common.js';

const listQuery = z.object({
  ...scoped,
  linked: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')).describe('false: only accounts not linked to a billing customer'),
  q: text(200).optional().describe('search in the account id and name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
const cursorShape = z.object({ at: z.iso.datetime({ offset: true }), id: z.string() });
const accountParams = z.object({ accountId: text(255).pipe(z.string().min(1, 'must not be empty')) });
const linkBody = z.object({ customerId: text(255).pipe(z.string().min(1, 'must not be empty')).nullable() });

export async function successAccountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['customer success'];

  r.get('/v1/success/accounts', {
    config: { access: 'success:read' },
    schema: { tags, summary: 'Product accounts (Segment groups) and the billing customer each is linked to; ?linked=false lists the unmatched', querystring: listQuery, response: { 200: successAccountList, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const filters = { ...(q.linked !== undefined ? { linked: q.linked } : {}), ...(q.q ? { q: q.q } : {}) };
    const page = await loadAccountPage(db, workspace.id, { filters, limit: q.limit, cursor: decodeCursor(q.cursor, cursorShape) });
    return { data: page.items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
  });

  r.put('/v1/success/accounts/:accountId/link', {
    config: { access: 'settings:write' },
    bodyLimit: SMALL_BODY,
    schema: { tags, summary: 'Link a product account to a billing customer by hand (null unlinks it); the rules never change it after', params: accountParams, querystring: z.object(scoped), body: linkBody, response: { 200: accountLinkAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { accountId } = request.params;
    const { customerId } = request.body;
    if (customerId !== null && !(await customerExists(db, workspace.id, customerId))) {
      throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `body.customerId: no customer with id ${customerId} in this workspace.`);
    }
    if (!(await setAccountLink(db, workspace.id, accountId, { customerId, rule: 'manual' }))) {
      throw new ApiError('RVP_SUCCESS_ACCOUNT_NOT_FOUND', `No product account with id ${accountId} in this workspace.`);
    }
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(requireGrant(request).principal), action: customerId ? 'success_account.linked' : 'success_account.unlinked',
      target: { type: 'success_account', id: accountId.slice(0, 255), label: customerId }, detail: { customerId }, meta: requestMeta(request), at: ctx.now(),
    });
    const account = await loadAccount(db, workspace.id, accountId);
    return { account: account! };
  });
}
