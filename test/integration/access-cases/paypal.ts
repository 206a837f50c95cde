// Access-matrix cases for the paypal routes (issue 15; see test/helpers/access-case.ts).
import type { InjectOptions } from 'fastify';
import { inA, type Case, type Fixtures } from '../../helpers/access-case.js';
import { signPaypalDelivery } from '../../helpers/paypal-cert.js';
import { paypalEvent, paypalSubscription } from '../../helpers/paypal-events.js';
import { createSource, type Source } from '../../../src/store/sources-repo.js';

const WEBHOOK_ID = 'MATRIXWEBHOOK0001';
const paypalSources = new WeakMap<Fixtures['t'], Promise<Source>>();

/** Workspace A's PayPal source, made once per app. */
function paypalSource(f: Fixtures): Promise<Source> {
  let source = paypalSources.get(f.t);
  if (!source) {
    source = createSource(f.t.ctx.store.db, f.t.ctx.box, { workspaceId: f.a.id, provider: 'paypal', name: 'PayPal', mode: 'test', config: { clientId: 'AYmatrix', webhookId: WEBHOOK_ID, sandbox: true } });
    paypalSources.set(f.t, source);
  }
  return source;
}

export const CASES: Record<string, Case> = {
  // Signed with the certificate server the matrix starts (its app allows it in code).
  'POST /webhooks/paypal/:sourceId': {
    ok: 200,
    build: async (f) => {
      const now = Math.floor(Date.now() / 1000);
      const body = JSON.stringify(paypalEvent('BILLING.SUBSCRIPTION.ACTIVATED', paypalSubscription({ planId: 'P-MATRIX', start: now - 60, sandbox: true }), now, { sandbox: true }));
      const headers = signPaypalDelivery(body, { webhookId: WEBHOOK_ID });
      return { method: 'POST', url: `/webhooks/paypal/${(await paypalSource(f)).id}`, payload: body, headers } as Omit<InjectOptions, 'headers'>;
    },
  },
  'PATCH /v1/sources/:id': {
    ok: 200,
    build: async (f) => inA(f, `/v1/sources/${(await paypalSource(f)).id}`, { method: 'PATCH', payload: { webhookId: WEBHOOK_ID } }),
  },
};
