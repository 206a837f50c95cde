// One customer's churn score on one day from whichever model the workspace uses: the rules
// baseline or its logistic regression. Both answer a probability and the (up to) three reasons
// that raised it most, in one shape (stored in risk_scores.reasons, sent by the API). Pure.
import { churnFeatures } from './churn-features.js';
import { isLogisticParams, scoreLogistic, topReasons, type LogisticParams } from './churn-model.js';
import { scoreByRules } from './churn-rules.js';
import type { CustomerSignals } from './customer-signals.js';

export type ChurnReason = { feature: string; label: string; contribution: number; value: number };
export type ChurnScore = { probability: number; reasons: ChurnReason[] };

export type ChurnScorer = { kind: 'rules' | 'logistic'; score(s: CustomerSignals): ChurnScore };

export const RULES_SCORER: ChurnScorer = {
  kind: 'rules',
  score(s) {
    const { probability, hits } = scoreByRules(s);
    return { probability, reasons: hits.slice(0, 3).map((h) => ({ feature: h.feature, label: h.label, contribution: h.points, value: h.value })) };
  },
};

export function logisticScorer(params: LogisticParams): ChurnScorer {
  const context = { plans: params.plans };
  return {
    kind: 'logistic',
    score(s) {
      const { probability, contributions } = scoreLogistic(params, churnFeatures(s, context));
      return { probability, reasons: topReasons(contributions).map(({ feature, label, contribution, value }) => ({ feature, label, contribution, value })) };
    },
  };
}

/** The scorer for a stored model: its logistic params when they are sound, else the rules. */
export function scorerOf(kind: 'rules' | 'logistic', params: unknown): ChurnScorer {
  return kind === 'logistic' && isLogisticParams(params) ? logisticScorer(params) : RULES_SCORER;
}

/** The bands a probability falls in: high from 0.5, medium from 0.2. */
export const RISK_BAND_FLOORS = { medium: 0.2, high: 0.5 } as const;

export function riskBandOf(probability: number): 'low' | 'medium' | 'high' {
  return probability >= RISK_BAND_FLOORS.high ? 'high' : probability >= RISK_BAND_FLOORS.medium ? 'medium' : 'low';
}
