import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createLiveSync } from '../../app/live-sync.js';
import { alertFilterParams, alertFiltersFrom, alertToast, formatEvidence, formatThreshold, mayAct, snoozeChoices } from './alert-view.js';

describe('alert filters in the address', () => {
  it.each([
    ['', { status: ['open'], rule: null }],
    ['?status=all', { status: [], rule: null }],
    ['?status=acknowledged,snoozed&rule=r_1', { status: ['acknowledged', 'snoozed'], rule: 'r_1' }],
    ['?status=bogus,cleared', { status: ['cleared'], rule: null }],
  ])('%s → %j', (search, filters) => {
    expect(alertFiltersFrom(search)).toEqual(filters);
  });

  it('round-trips, leaving the default out of the address', () => {
    for (const search of ['?status=all', '?status=acknowledged,snoozed&rule=r_1', '?rule=r_2']) {
      const params = alertFilterParams(alertFiltersFrom(search));
      const back = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
      expect(alertFiltersFrom(`?${back}`)).toEqual(alertFiltersFrom(search));
    }
    expect(alertFilterParams({ status: ['open'], rule: null })).toEqual({ status: undefined, rule: undefined });
  });
});

describe('formatEvidence', () => {
  it.each([
    [{ key: 'health', label: 'Health', value: 34 }, '34'],
    [{ key: 'score', label: 'Score', value: 34.6 }, '35'],
    [{ key: 'probability', label: 'Churn risk', value: 0.62 }, '62%'],
    [{ key: 'drop', label: 'Usage fall', value: 0.55 }, '55%'],
    [{ key: 'fall', label: 'Fall', value: 0.528 }, '53%'],
    [{ key: 'ratio', label: 'Of the limit', value: 0.91 }, '91%'],
    [{ key: 'usage_change', label: 'Change', value: -0.4 }, '-40%'],
    [{ key: 'events7d', label: 'Events this week', value: 1234 }, '1,234'],
    [{ key: 'hours', label: 'Hours', value: 2.345 }, '2.35'],
    [{ key: 'nps', label: 'Latest NPS', value: -20 }, '-20'],
    [{ key: 'events7d', label: 'Events', value: null }, 'no data'],
  ])('%j → %s', (figure, text) => {
    expect(formatEvidence(figure, 'en-US')).toBe(text);
  });
});

describe('formatThreshold', () => {
  it.each([
    ['health_below', 40, '40'],
    ['risk_above', 0.5, '50%'],
    ['usage_drop', 0.5, '50%'],
    ['limit_near', 0.8, '80%'],
    ['trial_ending_inactive', 3, '3 days'],
    ['payment_failed', null, '—'],
  ] as const)('%s %s → %s', (kind, threshold, text) => {
    expect(formatThreshold(kind, threshold, 'en-US')).toBe(text);
  });
});

describe('snoozeChoices', () => {
  it('offers a day, three days, a week and next Monday 09:00 UTC', () => {
    const wednesday = new Date('2026-03-18T09:30:00Z');
    expect(snoozeChoices(wednesday).map((c) => [c.label, c.until])).toEqual([
      ['1 day', '2026-03-19T09:30:00.000Z'],
      ['3 days', '2026-03-21T09:30:00.000Z'],
      ['1 week', '2026-03-25T09:30:00.000Z'],
      ['Next Monday', '2026-03-23T09:00:00.000Z'],
    ]);
    // On a Monday, "next Monday" is a week away, never today.
    expect(snoozeChoices(new Date('2026-03-23T08:00:00Z')).at(-1)!.until).toBe('2026-03-30T09:00:00.000Z');
  });
});

describe('mayAct', () => {
  it.each([
    ['open', { acknowledge: true, snooze: true, assign: true }],
    ['snoozed', { acknowledge: true, snooze: true, assign: true }],
    ['acknowledged', { acknowledge: false, snooze: true, assign: true }],
    ['cleared', { acknowledge: false, snooze: false, assign: false }],
  ] as const)('%s → %j', (status, may) => {
    expect(mayAct({ status })).toEqual(may);
  });
});

describe('alertToast', () => {
  it.each([
    ['alert_opened', { customerName: 'Acme', ruleName: 'Health below 40' }, 'New alert: Acme — Health below 40'],
    ['alert_opened', { customerId: 'cus_1', kind: 'payment_failed' }, 'New alert: cus_1 — Payment failed'],
    ['alert_opened', null, 'New alert'],
    ['alert_updated', { customerName: 'Acme' }, null],
    ['mrr_updated', {}, null],
  ])('%s %j → %s', (type, data, text) => {
    expect(alertToast(type, data)).toBe(text);
  });
});

describe('alert live messages', () => {
  it('refresh the alert views at once, and leave the other figures alone', async () => {
    const client = new QueryClient();
    const sync = createLiveSync(client, 'ws_1', { schedule: () => () => undefined });
    client.setQueryData(['alerts', 'ws_1', 'open-count'], 3);
    client.setQueryData(['alerts', 'ws_2', 'open-count'], 5);
    client.setQueryData(['revenue', 'ws_1', 'by-plan'], { plans: [] });
    sync.onMessage({ type: 'alert_opened', seq: 1, at: null, data: {} });
    expect(client.getQueryState(['alerts', 'ws_1', 'open-count'])!.isInvalidated).toBe(true);
    expect(client.getQueryState(['alerts', 'ws_2', 'open-count'])!.isInvalidated).toBe(false);
    expect(client.getQueryState(['revenue', 'ws_1', 'by-plan'])!.isInvalidated).toBe(false);
    sync.dispose();
  });
});
