import { describe, expect, it } from 'vitest';
import type { CustomerFilterSet } from '@read/customers/contract.js';
import { describeFilters, formToSegment, formValues } from './segment-form.js';

const empty = formValues(null);

describe('formToSegment', () => {
  it('turns the typed form into the filters the API takes (risk typed in percent)', () => {
    const result = formToSegment({ ...empty, name: ' At risk, big ', action: 'Call this week', health: ['high_risk'], riskMin: '40', mrrTopPercent: '20', status: ['past_due', 'active'], usersTrend: 'falling' });
    expect(result).toEqual({ ok: true, value: { name: 'At risk, big', action: 'Call this week', filters: { health: ['high_risk'], riskMin: 0.4, mrrTopPercent: 20, status: ['active', 'past_due'], usersTrend: 'falling' } } });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(81) }, 'name'],
    [{ action: 'x'.repeat(201) }, 'action'],
    [{ riskMin: '140' }, 'riskMin'],
    [{ riskMin: '0.5' }, 'riskMin'],
    [{ healthMin: '70', healthMax: '40' }, 'healthMin'],
    [{ riskMin: '60', riskMax: '50' }, 'riskMin'],
    [{ mrrTopPercent: '0' }, 'mrrTopPercent'],
  ])('%j is refused on %s', (patch, field) => {
    const result = formToSegment({ ...empty, name: 'Segment', ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it('round-trips a segment through the form, keeping filters the form does not edit', () => {
    const filters = { health: ['medium' as const], riskMin: 0.15, riskMax: 0.55, plan: 'prod_pro', pricing: ['entry_plan' as const], healthMax: 70 };
    const back = formToSegment(formValues({ name: 'Mid', action: '', filters }), { country: 'DE' });
    expect(back).toEqual({ ok: true, value: { name: 'Mid', action: '', filters: { ...filters, country: 'DE' } } });
  });
});

describe('describeFilters', () => {
  const cases: [CustomerFilterSet, string][] = [
    [{}, 'every customer'],
    [{ health: ['high_risk', 'medium'] }, 'Health high risk or medium'],
    [{ riskMin: 0.4, plan: 'prod_pro' }, 'Churn risk ≥ 40% · plan Pro'],
    [{ healthMin: 40, healthMax: 70, mrrTopPercent: 10 }, 'Health 40–70 · top 10% by MRR'],
    [{ pricing: ['discounted'], usersTrend: 'falling' }, 'On a discount · active users falling'],
  ];
  it.each(cases)('%j → %s', (filters, text) => {
    expect(describeFilters(filters, (id) => (id === 'prod_pro' ? 'Pro' : id), 'en-US')).toBe(text);
  });
});
