// What the Executive panels that are not the range's figures say about their day. Revenue by plan
// follows the range (the MRR at its end); the top customers are always now (customers are read as
// they stand today), and say so plainly when the range ends on another day. Pure.
import { formatDay, type Day } from '../../lib/calendar.js';
import { rangeEndPhrase, type RangeEnd } from '../revenue/panel-labels.js';

/** "Share of MRR today" or "Share of MRR on Jan 31, 2026". */
export function planShareSubtitle(range: RangeEnd, locale?: string): string {
  return `Share of MRR ${rangeEndPhrase(range, locale)}`;
}

/** The top customers' subtitle: now, and not the selected range when it ends before today. */
export function topCustomersSubtitle(range: RangeEnd, today: Day, locale?: string): string {
  const own = 'in each customer’s own currency';
  return range.endsToday ? `MRR now, ${own}` : `MRR now (${formatDay(today, locale)}), not on ${formatDay(range.to, locale)}: ${own}`;
}
