// Access-matrix cases for the alerts routes (see test/helpers/access-case.ts).
import { DEFAULT_ALERT_RULES, withDefaults } from '../../../src/core/alert-rules.js';
import { ensureDefaultRules, insertRule, openAlert } from '../../../src/store/alerts-repo.js';
import { inA, type Case, type Fixtures } from '../../helpers/access-case.js';

async function ruleOf(f: Fixtures): Promise<string> {
  const rule = await insertRule(f.t.ctx.store.db, f.a.id, { ...withDefaults('health_below', 40, undefined), name: `Matrix ${Math.random()}`, enabled: true, emailTo: [], webhookUrl: null }, new Date());
  return rule.ruleId;
}

/** A fresh open alert (a new customer each time: one open alert per rule and customer). */
async function alertOf(f: Fixtures): Promise<string> {
  const db = f.t.ctx.store.db;
  await ensureDefaultRules(db, f.a.id, DEFAULT_ALERT_RULES, new Date());
  const customerId = `cus_matrix_${Math.random().toString(36).slice(2, 10)}`;
  const evidence = { day: '2026-01-01', threshold: 40, sentence: 'Health 30 < 40.', figures: [{ key: 'health', label: 'Health score', value: 30 }] };
  return (await openAlert(db, f.a.id, { ruleId: await ruleOf(f), customerId, evidence, at: new Date() }))!;
}

export const CASES: Record<string, Case> = {
  'GET /v1/alerts/:id': { ok: 200, build: async (f) => inA(f, `/v1/alerts/${await alertOf(f)}`) },
  'POST /v1/alerts/:id/acknowledge': { ok: 200, build: async (f) => inA(f, `/v1/alerts/${await alertOf(f)}/acknowledge`, { method: 'POST' }) },
  'POST /v1/alerts/:id/snooze': {
    ok: 200,
    build: async (f) => inA(f, `/v1/alerts/${await alertOf(f)}/snooze`, { method: 'POST', payload: { until: new Date(Date.now() + 86_400_000).toISOString() } }),
  },
  'POST /v1/alerts/:id/assign': { ok: 200, build: async (f) => inA(f, `/v1/alerts/${await alertOf(f)}/assign`, { method: 'POST', payload: { userId: null } }) },
  'POST /v1/alert-rules': { ok: 201, build: (f) => inA(f, '/v1/alert-rules', { method: 'POST', payload: { kind: 'limit_near', name: 'Matrix limit', threshold: 0.9 } }) },
  'PUT /v1/alert-rules/:id': { ok: 200, build: async (f) => inA(f, `/v1/alert-rules/${await ruleOf(f)}`, { method: 'PUT', payload: { threshold: 30 } }) },
  'DELETE /v1/alert-rules/:id': { ok: 204, build: async (f) => inA(f, `/v1/alert-rules/${await ruleOf(f)}`, { method: 'DELETE' }) },
};
