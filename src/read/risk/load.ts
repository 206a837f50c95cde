// The risk view: one paying customer's churn risk as of an instant, computed live from its
// signals on the as-of day with the model that was scoring then (so it is exact for any past day,
// not the stored nightly score), and the workspace's active model with its evaluation.
import type { Kysely } from 'kysely';
import { CHURN_RULES, MIN_CHURNED_FOR_MODEL } from '../../core/churn-rules.js';
import { isLogisticParams } from '../../core/churn-model.js';
import { riskBandOf, scorerOf, RULES_SCORER } from '../../core/churn-score.js';
import { activeChurnModel, type ChurnModelRow } from '../../store/risk-repo.js';
import type { Database } from '../../store/schema.js';
import type { AsOf } from '../clock.js';
import type { ChurnEvaluation, ChurnModelRef, ChurnModelResponse, CustomerRiskResponse } from './contract.js';
import { customerExists, modelAt } from './query.js';
import { riskSignals } from './signals.js';

export type CustomerRiskResult = { kind: 'ok'; risk: CustomerRiskResponse } | { kind: 'not_found' } | { kind: 'not_paying'; day: string };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function modelRef(model: ChurnModelRow | null): ChurnModelRef {
  if (!model) return { id: 'rules', kind: 'rules', trainedAt: null };
  const auc = num(model.evaluation.auc);
  return { id: model.modelId, kind: model.kind, trainedAt: model.trainedAt.toISOString(), ...(auc === null ? {} : { auc }) };
}

export async function loadCustomerRisk(db: Kysely<Database>, workspaceId: string, customerId: string, asOf: AsOf): Promise<CustomerRiskResult> {
  const [signals] = await riskSignals(db, workspaceId, { day: asOf.day, customerIds: [customerId], asOf });
  if (!signals) return (await customerExists(db, workspaceId, customerId)) ? { kind: 'not_paying', day: asOf.day } : { kind: 'not_found' };
  if (!signals.paying) return { kind: 'not_paying', day: signals.day };
  const model = await modelAt(db, workspaceId, asOf.at);
  const scorer = model ? scorerOf(model.kind, model.params) : RULES_SCORER;
  const { probability, reasons } = scorer.score(signals);
  return {
    kind: 'ok',
    risk: { customerId, day: signals.day, probability, band: riskBandOf(probability), model: modelRef(model), reasons, asOf: asOf.at.toISOString() },
  };
}

function evaluationOf(model: ChurnModelRow): ChurnEvaluation {
  const e = model.evaluation;
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  return {
    auc: num(e.auc), precisionTopDecile: num(e.precisionTopDecile), baseRate: num(e.baseRate),
    trainRows: count(e.trainRows), testRows: count(e.testRows), churnedCustomers: count(e.churnedCustomers),
    cutoffDay: typeof e.cutoffDay === 'string' ? e.cutoffDay : null, rulesAuc: num(e.rulesAuc), leadTimeDays: num(e.leadTimeDays),
  };
}

const RULE_FEATURES = CHURN_RULES.map((r) => ({ feature: r.feature, weight: r.points }));

/** The active model, or the built-in rules before the first training. */
export async function loadChurnModel(db: Kysely<Database>, workspaceId: string): Promise<ChurnModelResponse> {
  const model = await activeChurnModel(db, workspaceId);
  if (!model) {
    return {
      model: { id: 'rules', kind: 'rules', trainedAt: null, rows: 0, evaluation: null, features: RULE_FEATURES, note: 'no model trained yet: the rules baseline scores' },
      minChurnedCustomers: MIN_CHURNED_FOR_MODEL,
    };
  }
  const params = model.params;
  const features = model.kind === 'logistic' && isLogisticParams(params)
    ? params.features.map((feature, j) => ({ feature, weight: params.weights[j]! }))
    : RULE_FEATURES;
  const note = typeof model.evaluation.note === 'string' ? model.evaluation.note : undefined;
  return {
    model: { id: model.modelId, kind: model.kind, trainedAt: model.trainedAt.toISOString(), rows: model.trainingRows, evaluation: evaluationOf(model), features, ...(note ? { note } : {}) },
    minChurnedCustomers: MIN_CHURNED_FOR_MODEL,
  };
}
