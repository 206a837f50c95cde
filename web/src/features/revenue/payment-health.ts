// Payment health for its cards and charts: the headline figures over the range, failures by
// reason (decline codes in words, the rarest folded together), and a monthly series of
// successful and failed charges with the success rate.
import { formatMonth } from '../../lib/calendar.js';
import type { PaymentsHealth } from './schemas.js';

/** Stripe decline and failure codes a founder meets most, in words. */
const REASONS: Readonly<Record<string, string>> = {
  insufficient_funds: 'Insufficient funds',
  card_declined: 'Card declined',
  generic_decline: 'Generic decline',
  do_not_honor: 'Do not honor',
  expired_card: 'Expired card',
  incorrect_cvc: 'Incorrect CVC',
  incorrect_number: 'Incorrect number',
  lost_card: 'Lost card',
  stolen_card: 'Stolen card',
  fraudulent: 'Suspected fraud',
  processing_error: 'Processing error',
  authentication_required: 'Authentication required',
  card_not_supported: 'Card not supported',
  currency_not_supported: 'Currency not supported',
  try_again_later: 'Try again later',
  withdrawal_count_limit_exceeded: 'Withdrawal limit exceeded',
  card_velocity_exceeded: 'Card velocity exceeded',
  pickup_card: 'Pick up card',
  transaction_not_allowed: 'Transaction not allowed',
  unknown: 'Unknown reason',
};

export function reasonLabel(code: string): string {
  return REASONS[code] ?? code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export type DeclineRow = { code: string; label: string; count: number; amount: number; share: number };

/** Failures by reason, most frequent first; beyond `max` rows the rest are one "Other" row. */
export function declineRows(health: PaymentsHealth, max = 6): DeclineRow[] {
  const total = health.declines.reduce((s, d) => s + d.count, 0);
  const rows = health.declines.map((d) => ({ code: d.code, label: reasonLabel(d.code), count: d.count, amount: d.amount, share: total === 0 ? 0 : d.count / total }));
  if (rows.length <= max) return rows;
  const rest = rows.slice(max - 1);
  const count = rest.reduce((s, r) => s + r.count, 0);
  return [...rows.slice(0, max - 1), { code: 'other', label: `Other (${rest.length} reasons)`, count, amount: rest.reduce((s, r) => s + r.amount, 0), share: total === 0 ? 0 : count / total }];
}

export type HealthPoint = { period: string; label: string; succeeded: number; failed: number; successRate: number | null; recovered: number };

export function healthSeries(health: PaymentsHealth, locale?: string): HealthPoint[] {
  return health.series.map((p) => ({
    period: p.period,
    label: /^\d{4}-\d{2}$/.test(p.period) ? formatMonth(p.period, locale) : p.period,
    succeeded: p.succeeded.count,
    failed: p.failed.count,
    successRate: p.successRate.value,
    recovered: p.recovered.amount,
  }));
}
