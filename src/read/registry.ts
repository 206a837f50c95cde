// The metric registry: every figure Revpulse shows, named once. The series and explain routes take
// their metric names from it, the dashboard its labels and units, and test/unit/metric-registry
// checks that docs/metrics.md defines every entry under the heading named here. Pure data: the
// web app imports it too (@read/registry.js).

export const METRIC_UNITS = ['money', 'count', 'ratio', 'days', 'score'] as const;
/** score: a 0–100 health score, or an NPS from −100 to 100. */
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** level: a state at an instant (MRR at the end of a day); flow: a sum over a range (new MRR);
 *  rate: a ratio of levels and flows over a range. */
export type MetricShape = 'level' | 'flow' | 'rate';

export type MetricDefinition = {
  label: string;
  unit: MetricUnit;
  shape: MetricShape;
  /** The heading of docs/metrics.md that defines it. */
  doc: string;
  /** How its value is read for a series: the ledger's day totals, the rates over them, the stored
   *  trials, the stored payments, or customer success's snapshots and signals. */
  source: 'periods' | 'rates' | 'trials' | 'payments' | 'success';
  /** The explain metric whose lines make up this figure (itself when the lines sum to it), or
   *  null when no list of customers adds up to it (a ratio). */
  explainedBy: ExplainMetric | null;
};

export const EXPLAIN_METRICS = [
  'mrr', 'customers', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'net_new_mrr', 'fx',
  'new_customers', 'reactivated_customers', 'churned_customers', 'plan_mrr', 'revenue_collected', 'failed_payments',
] as const;
export type ExplainMetric = (typeof EXPLAIN_METRICS)[number];
/** Explain metrics read at the end of one day (`date`); the others are over a range (`from`, `to`). */
export const EXPLAIN_LEVELS = ['mrr', 'customers', 'plan_mrr'] as const satisfies readonly ExplainMetric[];
export type ExplainLevelMetric = (typeof EXPLAIN_LEVELS)[number];
/** Explain metrics that count (customers, events, charges); the others are money. */
export const EXPLAIN_COUNTS = ['customers', 'new_customers', 'reactivated_customers', 'churned_customers', 'failed_payments'] as const satisfies readonly ExplainMetric[];

const PERIODS = '9. Period metrics (`computePeriods`)';
const RATES = '10. Rates (`computeRates`, `computeRateSeries`)';
const TRIALS = '12. Trials (`computeTrialPeriods`, `activeTrialsOn`)';
const PAYMENTS = '17. Payments';
const SUCCESS = '21. Customer-success figures: NPS, usage, segments, expansion, onboarding';

export const METRICS = {
  mrr: { label: 'MRR', unit: 'money', shape: 'level', doc: PERIODS, source: 'periods', explainedBy: 'mrr' },
  arr: { label: 'ARR', unit: 'money', shape: 'level', doc: PERIODS, source: 'periods', explainedBy: 'mrr' },
  customers: { label: 'Paying customers', unit: 'count', shape: 'level', doc: PERIODS, source: 'periods', explainedBy: 'customers' },
  arpa: { label: 'ARPA', unit: 'money', shape: 'level', doc: PERIODS, source: 'periods', explainedBy: 'mrr' },
  new: { label: 'New MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'new' },
  expansion: { label: 'Expansion MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'expansion' },
  contraction: { label: 'Contraction MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'contraction' },
  churn: { label: 'Churned MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'churn' },
  reactivation: { label: 'Reactivation MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'reactivation' },
  fx: { label: 'FX adjustment', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'fx' },
  net_new_mrr: { label: 'Net new MRR', unit: 'money', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'net_new_mrr' },
  new_customers: { label: 'New customers', unit: 'count', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'new_customers' },
  churned_customers: { label: 'Churned customers', unit: 'count', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'churned_customers' },
  reactivated_customers: { label: 'Reactivated customers', unit: 'count', shape: 'flow', doc: PERIODS, source: 'periods', explainedBy: 'reactivated_customers' },
  customer_churn_rate: { label: 'Customer churn rate', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: 'churned_customers' },
  gross_mrr_churn_rate: { label: 'Gross MRR churn rate', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  net_mrr_churn_rate: { label: 'Net MRR churn rate', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  nrr: { label: 'Net revenue retention', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  grr: { label: 'Gross revenue retention', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  quick_ratio: { label: 'Quick ratio', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  mrr_growth: { label: 'MRR growth', unit: 'ratio', shape: 'rate', doc: RATES, source: 'rates', explainedBy: 'net_new_mrr' },
  ltv: { label: 'LTV', unit: 'money', shape: 'rate', doc: RATES, source: 'rates', explainedBy: null },
  trials_started: { label: 'Trials started', unit: 'count', shape: 'flow', doc: TRIALS, source: 'trials', explainedBy: null },
  trials_converted: { label: 'Trials converted', unit: 'count', shape: 'flow', doc: TRIALS, source: 'trials', explainedBy: null },
  trial_conversion_rate: { label: 'Trial conversion rate', unit: 'ratio', shape: 'rate', doc: TRIALS, source: 'trials', explainedBy: null },
  average_days_to_convert: { label: 'Average days to convert', unit: 'days', shape: 'rate', doc: TRIALS, source: 'trials', explainedBy: null },
  active_trials: { label: 'Active trials', unit: 'count', shape: 'level', doc: TRIALS, source: 'trials', explainedBy: null },
  revenue_collected: { label: 'Revenue collected', unit: 'money', shape: 'flow', doc: PAYMENTS, source: 'payments', explainedBy: 'revenue_collected' },
  failed_payments: { label: 'Failed payments', unit: 'count', shape: 'flow', doc: PAYMENTS, source: 'payments', explainedBy: 'failed_payments' },
  payment_success_rate: { label: 'Payment success rate', unit: 'ratio', shape: 'rate', doc: PAYMENTS, source: 'payments', explainedBy: null },
  nps: { label: 'NPS', unit: 'score', shape: 'rate', doc: SUCCESS, source: 'success', explainedBy: null },
  average_health: { label: 'Average health score', unit: 'score', shape: 'level', doc: SUCCESS, source: 'success', explainedBy: null },
  customers_at_risk: { label: 'Customers at risk', unit: 'count', shape: 'level', doc: SUCCESS, source: 'success', explainedBy: null },
  mrr_at_risk: { label: 'MRR at risk', unit: 'money', shape: 'level', doc: SUCCESS, source: 'success', explainedBy: null },
  daily_active_users: { label: 'Daily active users', unit: 'count', shape: 'level', doc: SUCCESS, source: 'success', explainedBy: null },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];

export function metricDefinition(name: MetricName): MetricDefinition {
  return METRICS[name];
}
