// The four headline figures: what each card is called, where its value comes from and how it
// is written. Cards, tests and (later) other screens read this one list.
import { formatCount, formatCountChange, formatMoney, formatMoneyChange } from '../../lib/format.js';
import type { MetricFigures } from './summary.js';

export type MetricKey = 'mrr' | 'arr' | 'customers' | 'arpa';

export type MetricDef = {
  key: MetricKey;
  testId: `metric-${MetricKey}`;
  label: string;
  description: string;
  kind: 'money' | 'count';
  read: (figures: MetricFigures) => number;
};

export const METRICS: readonly MetricDef[] = [
  {
    key: 'mrr',
    testId: 'metric-mrr',
    label: 'MRR',
    description: 'Monthly recurring revenue',
    kind: 'money',
    read: (f) => f.mrr,
  },
  {
    key: 'arr',
    testId: 'metric-arr',
    label: 'ARR',
    description: 'Annual recurring revenue',
    kind: 'money',
    read: (f) => f.arr,
  },
  {
    key: 'customers',
    testId: 'metric-customers',
    label: 'Paying customers',
    description: 'Customers with MRR above zero',
    kind: 'count',
    read: (f) => f.payingCustomers,
  },
  {
    key: 'arpa',
    testId: 'metric-arpa',
    label: 'ARPA',
    description: 'Average revenue per paying account',
    kind: 'money',
    read: (f) => f.arpa,
  },
];

export function formatMetricValue(def: MetricDef, value: number, currency: string, locale?: string): string {
  return def.kind === 'money' ? formatMoney(value, currency, locale) : formatCount(value, locale);
}

export function formatMetricChange(def: MetricDef, delta: number, currency: string, locale?: string): string {
  return def.kind === 'money' ? formatMoneyChange(delta, currency, locale) : formatCountChange(delta, locale);
}
