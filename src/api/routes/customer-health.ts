// GET /v1/customers/:id/health: the customer's health score as of an instant — score, band,
// whether it is partial and what is missing, each component with its weight, value and the
// numbers behind it — and its daily trend. Parse, authorise, load (src/read/health), respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { healthResponse } from '../../read/health/contract.js';
import { loadCustomerHealth } from '../../read/health/load.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { customerIdParam } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errors, scoped } from '../schemas/common.js';

const idParams = z.object({ id: customerIdParam });

export async function customerHealthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/customers/:id/health', {
    config: { access: 'success:read' },
    schema: {
      tags: ['customer success'], summary: "A customer's health score with its components and trend",
      params: idParams, querystring: z.object({ ...scoped, asOf: asOfParam }), response: { 200: healthResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const asOf = resolveAsOf(request.query.asOf, ctx.now());
    const health = await loadCustomerHealth(ctx.store.db, workspace.id, request.params.id, asOf);
    if (!health) throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace on ${asOf.day}.`);
    return health;
  });
}
