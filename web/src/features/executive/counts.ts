// The customer counts strip of the executive screen: paying, trialing, new and churned in the
// month of the range's end, with what each opens (an explanation or the filtered customers list).
import { firstDayOf, formatMonth, lastDayOf, monthOf, type Day } from '../../lib/calendar.js';
import type { ExplainTarget } from '../../components/explain/explain-target.js';
import type { MovementPeriod } from '../metrics/series.js';
import type { Summary } from '../metrics/summary.js';

/** `figure`: the figure's name across screens (data-figure; `name@month` for a month's). */
export type CountItem = { key: string; label: string; value: number | undefined; explain?: ExplainTarget; href?: string; hint?: string; figure?: string };

export function customerCounts(input: { summary: Summary | undefined; period: MovementPeriod | undefined; to: Day; live: boolean; customersHref: (query: string) => string; locale?: string }): CountItem[] {
  const { summary, period, to, live, locale } = input;
  const month = monthOf(to);
  const monthName = formatMonth(month, locale, 'long');
  const monthEnd = to < lastDayOf(month) ? to : lastDayOf(month);
  return [
    { key: 'paying', label: 'Paying', value: live ? summary?.payingCustomers : period?.customers, ...(live ? { figure: 'paying-customers' } : {}), explain: { metric: 'customers', date: to, title: 'Paying customers' } },
    { key: 'trialing', label: 'Trialing', value: live ? summary?.activeTrials : undefined, ...(live ? { figure: 'active-trials' } : {}), href: input.customersHref('status=trialing'), hint: live ? undefined : 'only known for today' },
    { key: 'new', label: `New in ${monthName}`, value: period?.newCustomers, figure: `new-customers@${month}`, explain: { metric: 'new_customers', from: firstDayOf(month), to: monthEnd, title: `New customers, ${monthName}` } },
    { key: 'churned', label: `Churned in ${monthName}`, value: period?.churnedCustomers, figure: `churned-customers@${month}`, explain: { metric: 'churned_customers', from: firstDayOf(month), to: monthEnd, title: `Churned customers, ${monthName}` } },
  ];
}
