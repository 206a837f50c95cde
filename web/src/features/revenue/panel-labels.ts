// What a panel that shows one day's figure says about its day: the end of the selected range,
// called "today" only when the range ends today. Panels that always show now say "now". Pure.
import { formatDay, type Day } from '../../lib/calendar.js';

export type RangeEnd = { to: Day; endsToday: boolean };

/** "today", or "on Jan 31, 2026" (the range's last day). */
export function rangeEndPhrase(range: RangeEnd, locale?: string): string {
  return range.endsToday ? 'today' : `on ${formatDay(range.to, locale)}`;
}

/** The subtitle of MRR by plan on the Revenue screen. */
export function planPanelSubtitle(range: RangeEnd, locale?: string): string {
  return `Paying customers and MRR ${rangeEndPhrase(range, locale)}`;
}

/** The subtitle of MRR by currency: the MRR's day, and the span of the FX adjustment. */
export function currencyPanelSubtitle(range: RangeEnd, span: string, locale?: string): string {
  const day = range.endsToday ? "today, converted at today's rate" : `${rangeEndPhrase(range, locale)}, converted at that day's rate`;
  return `MRR ${day}; the FX adjustment is the MRR change exchange rates alone made over ${span}`;
}
