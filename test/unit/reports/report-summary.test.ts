// The written summary's templates (src/core/report-summary.ts), table-driven: figures in, the
// sentence out — growth and its driver, falls and their cause, flat and first months, retention,
// customers, concentration, forecast, the daily and weekly sentences, and missing figures leaving
// a sentence (or a part of it) out rather than writing a gap. Formatting is the renderers' own.
import { describe, expect, it } from 'vitest';
import {
  alertsSentence, concentrationSentence, customersSentence, dayActivitySentence, dayMrrSentence, figureSentence, forecastSentence, mrrSentence,
  kpiChangeOf, relativeChange, retentionSentence, successSentence, targetSentence,
} from '../../../src/core/report-summary.js';
import { summaryFormat } from '../../../src/reports/builders/context.js';

const f = summaryFormat('usd');
const none = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, fx: 0 };

describe('mrrSentence', () => {
  it.each([
    ['growth driven by new business', { mrr: 11_234_567, previous: 10_781_234, movements: { ...none, new: 821_000, expansion: 30_000, churn: -214_050, contraction: -183_617 } }, 'MRR grew 4.2% in November 2026 to $112,345.67, driven by $8,210.00 of new business.'],
    ['growth driven by expansion', { mrr: 11_000, previous: 10_000, movements: { ...none, new: 200, expansion: 800 } }, 'MRR grew 10.0% in November 2026 to $110.00, driven by $8.00 of expansion.'],
    ['a fall from churn', { mrr: 14_800, previous: 20_000, movements: { ...none, new: 4400, churn: -10_000, fx: 400 } }, 'MRR fell 26.0% in November 2026 to $148.00, mostly from $100.00 of churn.'],
    ['a fall from exchange rates alone', { mrr: 9_900, previous: 10_000, movements: { ...none, fx: -100 } }, 'MRR fell 1.0% in November 2026 to $99.00, mostly from $1.00 of exchange-rate moves.'],
    ['no movements known', { mrr: 9_900, previous: 10_000, movements: null }, 'MRR fell 1.0% in November 2026 to $99.00.'],
    ['flat', { mrr: 10_000, previous: 10_000, movements: none }, 'MRR was flat in November 2026 at $100.00.'],
    ['almost flat', { mrr: 10_000_003, previous: 10_000_000, movements: { ...none, new: 3 } }, 'MRR was almost flat in November 2026 at $100,000.03 (+$0.03).'],
    ['a first month', { mrr: 5000, previous: 0, movements: { ...none, new: 5000 } }, 'MRR started in November 2026 at $50.00.'],
    ['nothing yet', { mrr: 0, previous: 0, movements: none }, 'There was no MRR in November 2026.'],
    ['no comparison', { mrr: 5000, previous: null, movements: null }, 'MRR was $50.00 in November 2026.'],
  ])('%s', (_, input, sentence) => {
    expect(mrrSentence({ when: 'in November 2026', ...input }, f)).toBe(sentence);
  });

  it('leaves a missing MRR out', () => {
    expect(mrrSentence({ when: 'in November 2026', mrr: null, previous: 10, movements: null }, f)).toBeNull();
  });

  it('formats a zero-decimal currency by its exponent', () => {
    expect(mrrSentence({ when: 'in November 2026', mrr: 110_000, previous: 100_000, movements: { ...none, new: 10_000 } }, summaryFormat('jpy'))).toBe('MRR grew 10.0% in November 2026 to ¥110,000, driven by ¥10,000 of new business.');
  });
});

describe('the other sentences', () => {
  it('retention and churn, in parts', () => {
    expect(retentionSentence({ nrr: 1.013, grr: 0.972, churnedMrr: 214_050, churnedCustomers: 19, customerChurnRate: 0.0197 }, f))
      .toBe('Net revenue retention was 101.3% and gross revenue retention 97.2%; $2,140.50 of MRR churned as 19 customers left (customer churn rate 2.0%).');
    expect(retentionSentence({ nrr: null, grr: null, churnedMrr: 0, churnedCustomers: 0, customerChurnRate: 0 }, f)).toBe('No customer churned.');
    expect(retentionSentence({ nrr: 1, grr: null, churnedMrr: null, churnedCustomers: null, customerChurnRate: null }, f)).toBe('Net revenue retention was 100.0%.');
    expect(retentionSentence({ nrr: null, grr: null, churnedMrr: null, churnedCustomers: 3, customerChurnRate: null }, f)).toBeNull();
  });

  it('customers, concentration and the forecast', () => {
    expect(customersSentence({ newCustomers: 34, customers: 981, arpa: 11_452 }, f)).toBe('34 new customers joined; 981 customers pay $114.52 a month on average (ARPA).');
    expect(customersSentence({ newCustomers: 1, customers: 1, arpa: null }, f)).toBe('1 new customer joined; 1 customer pays.');
    expect(customersSentence({ newCustomers: 0, customers: null, arpa: null }, f)).toBe('No new customer joined.');
    expect(concentrationSentence({ topCount: 10, topShare: 0.234, largestName: 'Acme Corp', largestShare: 0.041 }, f)).toBe('The 10 largest customers make up 23.4% of MRR; the largest, Acme Corp, 4.1%.');
    expect(concentrationSentence({ topCount: 1, topShare: 1, largestName: 'Solo', largestShare: 1 }, f)).toBe('The largest customer makes up 100.0% of MRR.');
    expect(concentrationSentence({ topCount: 0, topShare: null, largestName: null, largestShare: null }, f)).toBeNull();
    expect(forecastSentence({ label: 'December 2026', mrr: 11_500_000, low: 11_200_000, high: 11_800_000 }, f)).toBe('The forecast puts December 2026 at $115,000.00 (80% interval $112,000.00 – $118,000.00).');
    expect(forecastSentence({ label: 'December 2026', mrr: 500, low: null, high: null }, f)).toBe('The forecast puts December 2026 at $5.00.');
    expect(forecastSentence(null, f)).toBeNull();
  });

  it('the daily e-mail\'s sentences', () => {
    expect(dayMrrSentence({ dayLabel: '14 Apr 2024', mrr: 17_800, previous: 14_800 }, f)).toBe('MRR was $178.00 at the end of 14 Apr 2024, up $30.00 (20.3%) on the day before.');
    expect(dayMrrSentence({ dayLabel: '14 Apr 2024', mrr: 14_800, previous: 14_800 }, f)).toBe('MRR was $148.00 at the end of 14 Apr 2024, unchanged on the day before.');
    expect(dayMrrSentence({ dayLabel: '14 Apr 2024', mrr: 100, previous: 0 }, f)).toBe('MRR was $1.00 at the end of 14 Apr 2024, up $1.00 on the day before.');
    expect(dayActivitySentence({ newCustomers: 3, churnedCustomers: 1, collected: 12_000, failedPayments: 2 }, f)).toBe('3 new customers and 1 churned; $120.00 collected, with 2 failed payments.');
    expect(dayActivitySentence({ newCustomers: 1, churnedCustomers: 0, collected: 0, failedPayments: 0 }, f)).toBe('1 new customer and 0 churned; $0.00 collected, no failed payment.');
    expect(dayActivitySentence({ newCustomers: null, churnedCustomers: null, collected: null, failedPayments: null }, f)).toBeNull();
    expect(alertsSentence({ open: 0, first: null }, f)).toBe('No open alerts.');
    expect(alertsSentence({ open: 1, first: { rule: 'Payment failed', customer: 'Acme' } }, f)).toBe('1 open alert needs attention; the most urgent: Payment failed (Acme).');
    expect(targetSentence({ target: 25_000, mrr: 17_800, progress: 0.712, reached: false, monthLabel: 'April 2024', perDay: 450, daysLeft: 16 }, f)).toBe('MRR is 71.2% of the $250.00 target: $4.50 a day is needed over the 16 days left of April 2024.');
    expect(targetSentence({ target: 25_000, mrr: 17_800, progress: 0.712, reached: false, monthLabel: 'April 2024', perDay: null, daysLeft: 0 }, f)).toBe('MRR is 71.2% of the $250.00 target, with $72.00 to go as April 2024 ends.');
    expect(targetSentence({ target: 25_000, mrr: 26_000, progress: 1.04, reached: true, monthLabel: 'April 2024', perDay: 0, daysLeft: 3 }, f)).toBe('MRR of $260.00 has reached the $250.00 target.');
  });

  it('customer success, each part only when its figure is known', () => {
    expect(successSentence({ averageHealth: 64.4, previousHealth: 66, atRisk: 12, mrrAtRisk: 430_000, nps: 32, previousLabel: 'the week before' }, f))
      .toBe('Average health was 64 (66 the week before); 12 customers with $4,300.00 of MRR are at risk; NPS was 32.');
    expect(successSentence({ averageHealth: null, previousHealth: null, atRisk: 0, mrrAtRisk: 0, nps: null, previousLabel: 'the week before' }, f)).toBe('No customer is at risk.');
    expect(successSentence({ averageHealth: null, previousHealth: null, atRisk: null, mrrAtRisk: null, nps: null, previousLabel: 'x' }, f)).toBeNull();
  });

  it('one figure against its comparison: rates by their two values, amounts by the change', () => {
    const base = { when: 'in November 2026', previousWhen: 'in October 2026' };
    expect(figureSentence({ ...base, label: 'Customer churn rate', unit: 'ratio', value: 0.03, previous: 0.02 }, f)).toBe('Customer churn rate: 3.0% in November 2026, up from 2.0% in October 2026.');
    expect(figureSentence({ ...base, label: 'New MRR', unit: 'money', value: 8210_00, previous: 7297_78 }, f)).toBe('New MRR: $8,210.00 in November 2026, up 12.5% from $7,297.78 in October 2026.');
    expect(figureSentence({ ...base, label: 'New customers', unit: 'count', value: 3, previous: 0 }, f)).toBe('New customers: 3 in November 2026, against 0 in October 2026.');
    expect(figureSentence({ ...base, label: 'NPS', unit: 'score', value: 20, previous: 20 }, f)).toBe('NPS: 20 in November 2026, as in October 2026.');
    expect(figureSentence({ ...base, label: 'NPS', unit: 'score', value: null, previous: 20, reason: 'no NPS responses in the period' }, f)).toBe('NPS: not available in November 2026 (no NPS responses in the period).');
    expect(figureSentence({ ...base, previousWhen: null, label: 'MRR', unit: 'money', value: 100, previous: null }, f)).toBe('MRR: $1.00 in November 2026.');
  });

  it('relativeChange is null without a base', () => {
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 5)).toBeNull();
    expect(relativeChange(-200, -100)).toBe(-1);
  });
});

describe('kpiChangeOf', () => {
  it('is relative for amounts and counts, a difference for ratios and scores', () => {
    expect(kpiChangeOf('money', 110, 100)).toBeCloseTo(0.1, 12);
    expect(kpiChangeOf('count', 90, 100)).toBeCloseTo(-0.1, 12);
    expect(kpiChangeOf('ratio', -0.26, 3)).toBeCloseTo(-3.26, 12);
    expect(kpiChangeOf('score', 41, 45)).toBe(-4);
    expect(kpiChangeOf('money', 5, 0)).toBeNull();
    expect(kpiChangeOf('ratio', 0.02, 0)).toBeCloseTo(0.02, 12);
    expect(kpiChangeOf('ratio', null, 0.1)).toBeNull();
  });
});
