import { describe, expect, it } from 'vitest';
import { customersCsvFromServer, EXPORT_COLUMNS, exportRow, parseCsv, toCsv } from './csv.js';
import { eventLabel, movementRows, movementTotals, mrrTimeline, subscriptionNote } from './customer-detail.js';
import { filterChips } from './filter-summary.js';
import {
  apiParams,
  cleanFilters,
  DEFAULT_VIEW,
  moneyInputValue,
  parseMoneyInput,
  presetFilters,
  QUICK_FILTERS,
  quickFilterActive,
  sameView,
  searchForView,
  toggleQuickFilter,
  viewFromPreset,
  viewFromSearch,
  type CustomerView,
} from './filters.js';
import type { CustomerResponse as CustomerDetail } from '@read/customers/contract.js';

const quick = (id: string) => QUICK_FILTERS.find((q) => q.id === id)!;

describe('the customers view in the URL', () => {
  const view: CustomerView = {
    filters: { q: 'acme', status: ['active', 'past_due'], plan: 'prod_pro', currency: 'eur', country: 'DE', mrrMin: 10_000, mrrMax: 50_000, signupFrom: '2025-01-01', signupTo: '2025-03-31' },
    sort: 'name',
    pageSize: 100,
  };

  it('round-trips through the query string and keeps the workspace parameter', () => {
    const search = searchForView(view, '?workspace=ws_1&q=old');
    expect(search).toBe('?workspace=ws_1&q=acme&plan=prod_pro&status=active%2Cpast_due&currency=eur&country=DE&mrrMin=10000&mrrMax=50000&signupFrom=2025-01-01&signupTo=2025-03-31&sort=name&size=100');
    expect(viewFromSearch(search)).toEqual(view);
    expect(searchForView(DEFAULT_VIEW, '?workspace=ws_1&sort=name')).toBe('?workspace=ws_1');
  });

  it('drops malformed parameters of a pasted URL instead of failing', () => {
    expect(viewFromSearch('?status=active,gone&currency=euro&country=Germany&mrrMin=-5&mrrMax=x&signupFrom=2025-02-30&sort=email&size=7')).toEqual(DEFAULT_VIEW);
    expect(viewFromSearch('?mrrMin=500&mrrMax=100').filters).toEqual({ mrrMin: 500 });
    expect(viewFromSearch('?signupFrom=2025-03-01&signupTo=2025-01-01').filters).toEqual({ signupFrom: '2025-03-01' });
    expect(viewFromSearch('?status=past_due,active&currency=EUR&country=de').filters).toEqual({ status: ['active', 'past_due'], currency: 'eur', country: 'DE' });
  });

  it('asks the API for one page with the same filters and sort', () => {
    expect(apiParams(view, 'cur_2')).toEqual({
      q: 'acme', plan: 'prod_pro', status: 'active,past_due', currency: 'eur', country: 'DE', mrrMin: '10000', mrrMax: '50000',
      signupFrom: '2025-01-01', signupTo: '2025-03-31', sort: 'name', limit: '100', cursor: 'cur_2',
    });
    expect(apiParams(DEFAULT_VIEW, null)).toEqual({ sort: '-mrr', limit: '50' });
  });

  it('stores presets as the API takes them and reads them back to the same view', () => {
    const stored = presetFilters(view);
    expect(stored).toEqual({ ...view.filters, sort: 'name' });
    const back = viewFromPreset(JSON.parse(JSON.stringify(stored)) as Record<string, unknown>, 25);
    expect(sameView(back, view)).toBe(true);
    expect(back.pageSize).toBe(25);
    expect(viewFromPreset({ status: ['churned'], colour: 'red' }, 50)).toEqual({ filters: { status: ['churned'] }, sort: '-mrr', pageSize: 50 });
    expect(cleanFilters({ status: ['trialing', 'trialing'] })).toEqual({ status: ['trialing'] });
  });
});

describe('quick filter chips', () => {
  const today = '2025-03-18';

  it('turns on, replaces what its keys held, and turns off', () => {
    const paying = toggleQuickFilter({ status: ['churned'], q: 'x' }, quick('paying'), today);
    expect(paying).toEqual({ q: 'x', status: ['active', 'past_due'] });
    expect(quickFilterActive(paying, quick('paying'), today)).toBe(true);
    expect(quickFilterActive(paying, quick('past-due'), today)).toBe(false);
    expect(toggleQuickFilter(paying, quick('paying'), today)).toEqual({ q: 'x' });
  });

  it('"Signed up this month" starts on the first of the month', () => {
    const on = toggleQuickFilter({}, quick('new-this-month'), today);
    expect(on).toEqual({ signupFrom: '2025-03-01' });
    expect(quickFilterActive({ signupFrom: '2025-03-01', signupTo: '2025-03-10' }, quick('new-this-month'), today)).toBe(false);
  });

  it('lists the active filters in words', () => {
    const chips = filterChips(
      { q: 'acme', status: ['active', 'past_due'], plan: 'prod_pro', mrrMin: 10_000, country: 'DE', signupFrom: '2025-01-01' },
      { planName: (id) => (id === 'prod_pro' ? 'Pro' : id), money: (m) => `$${m / 100}`, locale: 'en-US' },
    );
    expect(chips.map((c) => c.label)).toEqual(['Search: “acme”', 'Status: Active, Past due', 'Plan: Pro', 'MRR ≥ $100', 'Country: DE', 'Signed up from Jan 1, 2025']);
  });
});

describe('money typed into the MRR range', () => {
  it.each([
    ['1,250.5', 2, 125_050],
    ['1250', 2, 125_000],
    ['0.07', 2, 7],
    ['980', 0, 980],
    ['1.005', 3, 1_005],
    ['', 2, null],
    ['  ', 2, null],
    ['12.345', 2, 'invalid'],
    ['-5', 2, 'invalid'],
    ['ten', 2, 'invalid'],
    ['1.5', 0, 'invalid'],
  ])('"%s" with %i decimals is %s', (text, exponent, expected) => expect(parseMoneyInput(text, exponent)).toBe(expected));

  it('shows minor units back as the person would type them', () => {
    expect(moneyInputValue(125_050, 2)).toBe('1250.5');
    expect(moneyInputValue(125_000, 2)).toBe('1250');
    expect(moneyInputValue(980, 0)).toBe('980');
    expect(moneyInputValue(undefined, 2)).toBe('');
  });
});

describe('CSV export', () => {
  it('parses quoted fields with commas, quotes and newlines, and writes them back', () => {
    const rows = [['id', 'name'], ['cus_1', 'Acme, "the" Inc.\nEU'], ['cus_2', '']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('neutralises spreadsheet formulas in text but keeps the numeric columns numbers', () => {
    expect(toCsv([['=HYPERLINK("x")', '-12.50', '@home']], { numeric: [1] })).toBe('"\'=HYPERLINK(""x"")",-12.50,\'@home\r\n');
    // Text that looks like a number is still text (a customer named "-2+3" or "-12.50").
    expect(toCsv([['-2+3', '-12.50', '+1', '\tx']])).toBe("'-2+3,'-12.50,'+1,'\tx\r\n");
    // The server's CSV arrives neutralised already: writing it again adds nothing.
    const server = toCsv([['id', 'name', 'email', 'country', 'status', 'currency', 'mrr', 'mrrByCurrency', 'planId', 'planName', 'subscriptions', 'signupDay', 'firstPaidDay', 'cancelScheduled', 'createdAt', 'deleted'], ['cus_1', "'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", '', 'active', 'usd', '12.50', '{"usd":"12.50"}', '', "'-2+3", '1', '', '', 'false', '', 'false']]);
    expect(parseCsv(customersCsvFromServer(server).csv)[1]).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", 'cus_1', "'-2+3", 'Active', '12.50', 'USD', '', '']);
  });

  it('rewrites the server CSV (MRR in major units of its currency) with exactly the table columns', () => {
    const server = toCsv([
      ['id', 'name', 'email', 'country', 'status', 'currency', 'mrr', 'mrrByCurrency', 'planId', 'planName', 'subscriptions', 'signupDay', 'firstPaidDay', 'cancelScheduled', 'createdAt', 'deleted'],
      ['cus_1', 'Acme, Inc.', 'ops@acme.test', 'DE', 'past_due', 'eur', '-199.00', '{"eur":"-199.00"}', 'prod_pro', 'Pro', '1', '2025-01-04', '2025-01-18', 'false', '', 'false'],
      ['cus_2', '', '', '', 'trialing', '', '0', '{}', '', '', '1', '2025-03-02', '', 'false', '', 'false'],
      ['cus_3', 'Kaisha', 'k@example.jp', 'JP', 'active', 'jpy', '4800', '{"jpy":"4800"}', 'prod_team', 'Team', '1', '2024-11-30', '2024-11-30', 'false', '', 'false'],
    ], { numeric: [6] }); // the server writes its amounts as numbers
    const { csv, rows } = customersCsvFromServer(server);
    expect(rows).toBe(3);
    expect(parseCsv(csv)).toEqual([
      [...EXPORT_COLUMNS],
      ['Acme, Inc.', 'ops@acme.test', 'cus_1', 'Pro', 'Past due', '-199.00', 'EUR', 'DE', '2025-01-04'],
      ['', '', 'cus_2', '', 'Trialing', '', '', '', '2025-03-02'],
      ['Kaisha', 'k@example.jp', 'cus_3', 'Team', 'Active', '4800', 'JPY', 'JP', '2024-11-30'],
    ]);
    // A negative decimal is a number cell, not neutralised like the text "-2+3" would be.
    expect(csv.split('\r\n')[1]).toBe('"Acme, Inc.",ops@acme.test,cus_1,Pro,Past due,-199.00,EUR,DE,2025-01-04');
    const churned = { id: 'cus_9', name: null, email: null, planName: null, status: 'churned', mrr: '0.00', currency: 'usd', country: null, signupDay: null };
    expect(exportRow(churned)[5]).toBe('0.00');
    expect(() => exportRow({ ...churned, mrr: '=1+1' })).toThrow(/MRR of cus_9 is not a decimal amount: "=1\+1"/);
    expect(() => customersCsvFromServer('id,name\ncus_1,x\n')).toThrow(/no "email" column/);
  });
});

describe('the customer page', () => {
  const detail = {
    mrrTimeline: [
      { day: '2025-01-10', currency: 'usd', mrr: 5_000 },
      { day: '2025-02-10', currency: 'usd', mrr: 8_000 },
      { day: '2025-02-10', currency: 'eur', mrr: 1_000 },
      { day: '2025-03-01', currency: 'usd', mrr: 0 },
    ],
    movements: [
      { day: '2025-01-10', currency: 'usd', movement: 'new', amount: 5_000, mrr: 5_000, eventId: 'evt_1', eventType: 'customer.subscription.created', eventAt: '2025-01-10T09:00:00Z' },
      { day: '2025-02-10', currency: 'usd', movement: 'expansion', amount: 3_000, mrr: 8_000, eventId: 'evt_2', eventType: 'customer.subscription.updated', eventAt: '2025-02-10T09:00:00Z' },
      { day: '2025-02-10', currency: 'eur', movement: 'expansion', amount: 1_000, mrr: 1_000, eventId: 'evt_3', eventType: 'customer.subscription.updated', eventAt: '2025-02-10T10:00:00Z' },
      { day: '2025-03-01', currency: 'usd', movement: 'churn', amount: -8_000, mrr: 0, eventId: 'evt_4', eventType: null, eventAt: null },
    ],
  } as unknown as CustomerDetail;

  it('draws the MRR of each currency as steps up to today', () => {
    const timeline = mrrTimeline(detail, '2025-03-18');
    expect(timeline.currencies).toEqual(['eur', 'usd']);
    expect(timeline.points.map((p) => [p.day, p.usd, p.eur])).toEqual([
      ['2025-01-10', 5_000, 0],
      ['2025-02-10', 8_000, 1_000],
      ['2025-03-01', 0, 1_000],
      ['2025-03-18', 0, 1_000],
    ]);
    expect(mrrTimeline({ ...detail, mrrTimeline: [] }, '2025-03-18')).toEqual({ currencies: [], points: [] });
  });

  it('lists movements newest first with their cause, and they add up to the MRR of each currency', () => {
    const rows = movementRows(detail, 'en-US');
    expect(rows.map((r) => [r.when, r.label, r.cause])).toEqual([
      ['Mar 1, 2025', 'Churn', 'Stored change (event not kept)'],
      ['Feb 10, 2025', 'Expansion', 'Subscription changed'],
      ['Feb 10, 2025', 'Expansion', 'Subscription changed'],
      ['Jan 10, 2025', 'New', 'Subscription created'],
    ]);
    expect(rows[1]!.eventId).toBe('evt_3');
    expect(movementTotals(detail)).toEqual({ usd: 0, eur: 1_000 });
    expect(eventLabel('charge.refunded')).toBe('charge.refunded');
  });

  it('says what a subscription will do next', () => {
    const base = { status: 'active', endedAt: null, cancelAtPeriodEnd: false, cancelAt: null, trialEnd: null, currentPeriodEnd: '2025-04-01T00:00:00Z' } as CustomerDetail['subscriptions'][number];
    expect(subscriptionNote(base, 'en-US')).toBe('Renews Apr 1, 2025');
    expect(subscriptionNote({ ...base, cancelAtPeriodEnd: true }, 'en-US')).toBe('Cancels Apr 1, 2025');
    expect(subscriptionNote({ ...base, status: 'trialing', trialEnd: '2025-03-20T00:00:00Z' }, 'en-US')).toBe('Trial until Mar 20, 2025');
    expect(subscriptionNote({ ...base, endedAt: '2025-03-01T00:00:00Z' }, 'en-US')).toBe('Ended Mar 1, 2025');
  });
});

describe('approximate MRR in the reporting currency', () => {
  const rates = new Map([
    ['eur', 1.174],
    ['jpy', 0.0067],
  ]);
  it('converts foreign MRR at today’s rate, across exponents', async () => {
    const { approximateMrr } = await import('./approximate.js');
    expect(approximateMrr({ mrr: 46_900, currency: 'eur' }, 'usd', rates, 'en-US')).toBe('≈ $550.61');
    expect(approximateMrr({ mrr: 4_800, currency: 'jpy' }, 'usd', rates, 'en-US')).toBe('≈ $32.16');
    expect(approximateMrr({ mrr: 49_900, currency: 'usd' }, 'usd', rates)).toBeNull();
    expect(approximateMrr({ mrr: 1_000, currency: 'gbp' }, 'usd', rates)).toBeNull();
    expect(approximateMrr({ mrr: 0, currency: 'eur' }, 'usd', rates)).toBeNull();
  });
});
