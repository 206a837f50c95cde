// A report document with every kind of block and the awkward values (a second currency, a
// zero-decimal currency, negative amounts, missing figures with a reason, an empty table), for
// the renderers' tests. Real documents come from buildReport (src/reports/build.ts).
import type { ReportDocument } from '../../src/read/reports/contract.js';

export function fixtureReport(overrides: Partial<ReportDocument> = {}): ReportDocument {
  const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
  return {
    key: 'board',
    kind: 'board',
    title: 'Board pack — November 2026',
    workspace: { id: 'ws_fixture', name: 'Acme Analytics' },
    period: { key: '2026-11', label: 'November 2026', from: '2026-11-01', to: '2026-11-30' },
    asOf: '2026-12-01T06:00:00.000Z',
    currency: 'usd',
    generatedAt: '2026-12-01T06:00:03.000Z',
    summary: [
      'MRR grew 4.2% in November to $112,345.67, driven by $8,210.00 of new business.',
      'Net revenue retention was 101.3%; churned MRR was $2,140.50 from 19 customers.',
    ],
    sections: [
      {
        id: 'headline',
        title: 'Headline figures',
        note: null,
        blocks: [{
          type: 'kpis',
          kpis: [
            { figure: { metric: 'mrr', label: 'MRR', unit: 'money', value: 11234567, currency: 'usd' }, previous: 10781234, change: 0.04205, comparedWith: 'vs October 2026', lowerIsBetter: false },
            { figure: { metric: 'customers', label: 'Paying customers', unit: 'count', value: 981, currency: null }, previous: 962, change: 0.01975, comparedWith: 'vs October 2026', lowerIsBetter: false },
            { figure: { metric: 'customer_churn_rate', label: 'Customer churn rate', unit: 'ratio', value: 0.0197, currency: null }, previous: 0.021, change: -0.0013, comparedWith: 'vs October 2026', lowerIsBetter: true },
            { figure: { metric: 'nps', label: 'NPS', unit: 'score', value: null, currency: null, reason: 'No survey responses in November 2026' }, previous: null, change: null, comparedWith: null, lowerIsBetter: false },
          ],
        }],
      },
      {
        id: 'movements',
        title: 'MRR movements',
        note: null,
        blocks: [
          {
            type: 'chart',
            chart: {
              id: 'mrr-trend', title: 'MRR, last 6 months', kind: 'line', unit: 'money', currency: 'usd', categories: months,
              series: [{ name: 'MRR', values: [9800000, 10100000, 10350000, 10600000, 10781234, 11234567] }],
              band: null,
            },
          },
          {
            type: 'chart',
            chart: {
              id: 'movements-bars', title: 'Movements by month', kind: 'stacked_bar', unit: 'money', currency: 'usd', categories: months,
              series: [
                { name: 'New', values: [500000, 420000, 610000, 380000, 450000, 821000] },
                { name: 'Churn', values: [-120000, -90000, -210000, -150000, -180000, -214050] },
              ],
              band: null,
            },
          },
          {
            type: 'table',
            table: {
              id: 'bridge', title: 'MRR bridge', currency: 'usd',
              columns: [
                { key: 'month', label: 'Month', unit: 'month' },
                { key: 'new', label: 'New', unit: 'money' },
                { key: 'churn', label: 'Churn', unit: 'money' },
                { key: 'customers', label: 'Customers', unit: 'count' },
                { key: 'growth', label: 'Growth', unit: 'ratio' },
              ],
              rows: [
                { month: '2026-10', new: 450000, churn: -180000, customers: 962, growth: 0.017 },
                { month: '2026-11', new: 821000, churn: -214050, customers: 981, growth: 0.04205 },
              ],
              total: { month: 'Total', new: 1271000, churn: -394050, customers: null, growth: null },
              note: null,
            },
          },
        ],
      },
      {
        id: 'by-currency',
        title: 'Revenue by currency',
        note: 'No EUR→USD rate for 30 Nov 2026: the last known rate (28 Nov 2026) is used.',
        blocks: [{
          type: 'table',
          table: {
            id: 'by-currency', title: 'MRR by billing currency', currency: null,
            columns: [
              { key: 'currency', label: 'Currency', unit: 'text' },
              { key: 'mrr', label: 'MRR', unit: 'money', currencyColumn: 'currency' },
              { key: 'share', label: 'Share', unit: 'ratio' },
            ],
            rows: [
              { currency: 'usd', mrr: 8123456, share: 0.723 },
              { currency: 'jpy', mrr: 1234567, share: 0.08 },
              { currency: 'eur', mrr: -5, share: null },
            ],
            total: null,
            note: null,
          },
        }],
      },
      {
        id: 'forecast',
        title: 'Forecast',
        note: null,
        blocks: [
          {
            type: 'chart',
            chart: {
              id: 'forecast', title: 'MRR forecast', kind: 'line', unit: 'money', currency: 'usd', categories: ['2026-12', '2027-01', '2027-02'],
              series: [{ name: 'Forecast', values: [11600000, 11950000, 12300000] }],
              band: { name: '80% interval', lower: [11300000, 11400000, 11500000], upper: [11900000, 12500000, 13100000] },
            },
          },
          { type: 'text', paragraphs: ['The forecast extends the last 12 months’ trend; the band is an 80% interval.'] },
          {
            type: 'table',
            table: { id: 'alerts', title: 'Open alerts', currency: 'usd', columns: [{ key: 'customer', label: 'Customer', unit: 'text' }, { key: 'opened', label: 'Opened', unit: 'date' }], rows: [], total: null, note: 'No open alerts.' },
          },
        ],
      },
    ],
    ...overrides,
  };
}
