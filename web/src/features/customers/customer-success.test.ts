import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '@read/activity/contract.js';
import { componentRows, limitLevel, limitRows, timelineEntries } from './customer-success.js';
import { viewFromSearch, searchForView, customersSearchFor, apiParams } from './filters.js';

describe('limitLevel', () => {
  it.each([
    [0, 'ok'],
    [0.79, 'ok'],
    [0.8, 'warning'],
    [1, 'warning'],
    [1.01, 'over'],
  ] as const)('%f of the limit → %s', (ratio, level) => {
    expect(limitLevel(ratio)).toBe(level);
  });

  it('lists the fullest limit first, its bar capped at 100%, seats named', () => {
    const rows = limitRows([
      { metric: 'API Call', period: 'month', from: '2026-03-01', to: '2026-03-18', used: 500, limit: 1000, ratio: 0.5 },
      { metric: '$seats', period: 'rolling_30_days', from: '2026-02-17', to: '2026-03-18', used: 6, limit: 5, ratio: 1.2 },
    ]);
    expect(rows.map((r) => [r.label, r.level, r.width])).toEqual([['Seats (active users, 30 days)', 'over', 100], ['API Call', 'ok', 50]]);
  });
});

describe('componentRows', () => {
  it('orders components by weight with the ones without data last', () => {
    const c = (name: 'usage' | 'support' | 'payment', weight: number, value: number | null) => ({ name, label: name, weight, value, explanation: '' });
    expect(componentRows([c('payment', 15, 80), c('usage', 30, null), c('support', 20, 50)]).map((r) => [r.name, r.missing])).toEqual([['support', false], ['payment', false], ['usage', true]]);
  });
});

const item = (id: string, at: string, kind: ActivityItem['kind']): ActivityItem => ({ id, at, kind, title: id, detail: null, amount: null });

describe('timelineEntries', () => {
  it('joins the pages, drops repeats, marks billing or product and heads each day once', () => {
    const entries = timelineEntries([
      { data: [item('a', '2026-03-18T10:00:00Z', 'payment_failed'), item('b', '2026-03-18T00:00:00Z', 'usage')] },
      { data: [item('b', '2026-03-18T00:00:00Z', 'usage'), item('c', '2026-03-17T00:00:00Z', 'ticket_opened'), item('d', '2026-03-17T00:00:00Z', 'subscription_started')] },
    ]);
    expect(entries.map((e) => [e.id, e.side, e.dayHeading])).toEqual([
      ['a', 'billing', '2026-03-18'],
      ['b', 'product', null],
      ['c', 'product', '2026-03-17'],
      ['d', 'billing', null],
    ]);
  });
});

describe('the customers view: health and risk filters', () => {
  it('reads them from the address, drops malformed ones, and writes them back', () => {
    const view = viewFromSearch('?health=high_risk,medium&riskMin=0.4&healthMax=70&mrrTopPercent=10&pricing=discounted&usersTrend=falling&sort=-risk');
    expect(view.filters).toEqual({ health: ['high_risk', 'medium'], riskMin: 0.4, healthMax: 70, mrrTopPercent: 10, pricing: ['discounted'], usersTrend: 'falling' });
    expect(view.sort).toBe('-risk');
    expect(viewFromSearch(searchForView(view, '')).filters).toEqual(view.filters);
    expect(apiParams(view, null)).toMatchObject({ health: 'high_risk,medium', riskMin: '0.4', sort: '-risk' });
    expect(viewFromSearch('?health=sick&riskMin=2&healthMin=70&healthMax=40&mrrTopPercent=0').filters).toEqual({ healthMin: 70 });
  });

  it('opens a segment as the customers list with its filters', () => {
    expect(customersSearchFor({ health: ['high_risk'], riskMin: 0.5, sort: '-mrr' }, 'ws 1')).toBe('/customers?workspace=ws+1&health=high_risk&riskMin=0.5');
  });
});
