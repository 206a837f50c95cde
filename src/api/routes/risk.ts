// A customer's churn risk with its reasons (GET /v1/customers/:id/risk) and the model behind it
// (GET /v1/success/model). Parse, authorise (the hook), load (src/read/risk), respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { churnModelResponse, customerRiskResponse } from '../../read/risk/contract.js';
import { loadChurnModel, loadCustomerRisk } from '../../read/risk/load.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { customerIdParam } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errors, scoped } from '../schemas/common.js';

const idParams = z.object({ id: customerIdParam });

export async function riskRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/customers/:id/risk', {
    config: { access: 'success:read' },
    schema: {
      tags: ['success'], summary: "A paying customer's churn risk as of a day, with its top three reasons",
      params: idParams, querystring: z.object({ ...scoped, asOf: asOfParam }), response: { 200: customerRiskResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const asOf = resolveAsOf(request.query.asOf, ctx.now());
    const result = await loadCustomerRisk(ctx.store.db, workspace.id, request.params.id, asOf);
    if (result.kind === 'not_found') throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace.`);
    if (result.kind === 'not_paying') {
      throw new ApiError('RVP_CUSTOMER_NOT_PAYING', `Customer ${request.params.id} was not paying at the end of ${result.day}: churn risk is scored for paying customers only.`);
    }
    return result.risk;
  });

  r.get('/v1/success/model', {
    config: { access: 'success:read' },
    schema: {
      tags: ['success'], summary: "The workspace's active churn model: kind, when trained, training rows, evaluation figures",
      querystring: z.object({ ...scoped }), response: { 200: churnModelResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    return loadChurnModel(ctx.store.db, workspace.id);
  });
}
