import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HeatmapView } from '../cohorts/heatmap-view.js';
import { heatmap } from '../cohorts/cohort-grid.js';
import { cohortView } from '../cohorts/cohorts-page.js';
import { customerIdOf } from '../customers/customers-page.js';
import { currencyTable } from './currency-breakdown.js';
import { CurrencyTableView } from './currency-table-view.js';
import { byCurrencyFixture, byPlanFixture, fxFixture, healthFixture, monthlyFixture } from './fixtures.js';
import { monthlyTableRows } from './monthly-table.js';
import { MonthlyTableView } from './monthly-table-view.js';
import { planBars } from './plan-breakdown.js';
import { PlanBarsView } from './plan-bars-view.js';
import { DeclinesView } from './payment-health-view.js';
import { currencyPanelSubtitle, planPanelSubtitle } from './panel-labels.js';
import { paymentsHealthSchema } from './schemas.js';

describe('the revenue tables as HTML', () => {
  it('renders each movement as a named button that explains it, numbers right-aligned, the total last', () => {
    const html = renderToStaticMarkup(<MonthlyTableView rows={monthlyTableRows(monthlyFixture, 'en-US')} currency="usd" onExplain={() => undefined} locale="en-US" />);
    expect(html).toContain('aria-label="Churn, Feb 2025: -$50.00. Explain this figure"');
    expect(html).toContain('aria-label="Net new, Jan 2025 – Mar 2025: +$1,220.00. Explain this figure"');
    expect(html).toMatch(/<td class="num col-arpa"[^>]*><span>\$98\.75<\/span><\/td>/);
    expect(html.indexOf('monthly-row-2025-03')).toBeLessThan(html.indexOf('monthly-row-total'));
    expect(html).toContain('<caption class="visually-hidden">');
  });

  it('renders plain figures when there is no explain panel', () => {
    const html = renderToStaticMarkup(<MonthlyTableView rows={monthlyTableRows(monthlyFixture, 'en-US')} currency="usd" locale="en-US" />);
    expect(html).not.toContain('<button');
  });

  it('draws plan bars scaled to the largest plan and the currency table with its FX column', () => {
    const plans = renderToStaticMarkup(<PlanBarsView bars={planBars(byPlanFixture)} currency="usd" total={byPlanFixture.mrr} locale="en-US" />);
    expect(plans).toContain('style="width:100%"');
    expect(plans).toContain('$1,217.00');
    const currencies = renderToStaticMarkup(
      <CurrencyTableView table={currencyTable(byCurrencyFixture, fxFixture)} reporting="usd" date="2025-03-31" fxFrom="2025-01-01" fxTo="2025-03-31" rangeLabel="Q1" locale="en-US" />,
    );
    expect(currencies).toContain('€185.00');
    expect(currencies).toContain('1.0811');
    expect(currencies).toContain('-$3.00');
  });
});

describe('panels that show one day say which day', () => {
  it('MRR by plan and by currency name the range’s last day, "today" only when the range ends today', () => {
    const january = { to: '2026-01-31', endsToday: false };
    expect(planPanelSubtitle(january, 'en-GB')).toBe('Paying customers and MRR on 31 Jan 2026');
    expect(planPanelSubtitle({ to: '2026-03-18', endsToday: true }, 'en-GB')).toBe('Paying customers and MRR today');
    expect(currencyPanelSubtitle(january, 'Nov 2025 – Jan 2026', 'en-GB')).toBe(
      "MRR on 31 Jan 2026, converted at that day's rate; the FX adjustment is the MRR change exchange rates alone made over Nov 2025 – Jan 2026",
    );
    expect(currencyPanelSubtitle({ to: '2026-03-18', endsToday: true }, 'Mar 2026', 'en-GB')).toMatch(/^MRR today, converted at today's rate;/);
  });
});

describe('failures by reason', () => {
  it('ends with the failed card’s own figures, which the reasons add up to', () => {
    const health = paymentsHealthSchema.parse(healthFixture);
    const html = renderToStaticMarkup(<DeclinesView health={health} locale="en-US" />);
    const total = /<tr data-testid="declines-total">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(total).toContain(`>${health.failed.count}<`);
    expect(total).toContain('$' + (health.failed.amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
  });
});

describe('the cohort heatmap as HTML', () => {
  it('labels every cell for the tooltip and leaves unreached months blank', () => {
    const data = {
      kind: 'logo' as const, currency: 'usd', asOf: '2025-03-15T12:00:00.000Z', day: '2025-03-15', from: '2025-02', to: '2025-02', maxAge: 1, fxDay: 'month-end' as const, minAverageCohorts: 3,
      cohorts: [{ cohort: '2025-02', customers: 4, startMrr: 20_000, retention: [1, null], values: [4, null] }],
      average: [{ age: 0, retention: 1, cohorts: 1, fewCohorts: true }, { age: 1, retention: null, cohorts: 0, fewCohorts: true }],
    };
    const html = renderToStaticMarkup(<HeatmapView map={heatmap(data, 'en-US')} currency="usd" locale="en-US" />);
    expect(html).toContain('title="Month 0 of the Feb 2025 cohort: 100.0% (4 of 4 customers)"');
    expect(html).toContain('class="heat-cell heat-empty" title="Month 1 of the Feb 2025 cohort: not reached yet"');
  });
});

describe('screen addresses', () => {
  it.each([
    ['/customers', null],
    ['/customers/', null],
    ['/customers/cus_123', 'cus_123'],
    ['/customers/cus%20x/', 'cus x'],
    ['/customers/a/b', null],
  ])('%s is the customer %s', (path, id) => expect(customerIdOf(path)).toBe(id));

  it('reads the cohort view from the URL, defaulting to logo retention over 24 months', () => {
    expect(cohortView('')).toEqual({ kind: 'logo', span: 24 });
    expect(cohortView('?kind=revenue&span=36')).toEqual({ kind: 'revenue', span: 36 });
    expect(cohortView('?kind=x&span=7')).toEqual({ kind: 'logo', span: 24 });
  });
});
