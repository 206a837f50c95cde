// How a feed line reads: its sentence, the amount with its sign, and the colour of its kind (the
// movement colours, so an upgrade in the feed is the blue of expansion in the chart). Pure.
import { MOVEMENT_STYLE } from '../../components/movement-kinds.js';
import { formatMoney, formatMoneyChange } from '../../lib/format.js';
import { ACTIVITY_LABELS, type ActivityItem, type ActivityKind } from './activity.js';

export const ACTIVITY_COLORS: Record<ActivityKind, string> = {
  signup: MOVEMENT_STYLE.new.color,
  new: MOVEMENT_STYLE.new.color,
  trial: '#8b5cf6',
  upgrade: MOVEMENT_STYLE.expansion.color,
  reactivation: MOVEMENT_STYLE.reactivation.color,
  downgrade: MOVEMENT_STYLE.contraction.color,
  churn: MOVEMENT_STYLE.churn.color,
  cancellation: MOVEMENT_STYLE.contraction.color,
  payment: '#059669',
  failure: '#dc2626',
};

const ICONS: Record<ActivityKind, string> = { signup: '+', new: '+', trial: '◷', upgrade: '↑', reactivation: '↺', downgrade: '↓', churn: '×', cancellation: '⏸', payment: '$', failure: '!' };

export type ActivityLine = { id: string; kind: ActivityKind; icon: string; color: string; who: string; what: string; amount: string | null; tone: 'good' | 'bad' | 'neutral'; at: string };

const BAD: ReadonlySet<ActivityKind> = new Set(['downgrade', 'churn', 'cancellation', 'failure']);
const GOOD: ReadonlySet<ActivityKind> = new Set(['signup', 'new', 'upgrade', 'reactivation', 'payment']);

export function activityLine(item: ActivityItem, locale?: string): ActivityLine {
  let amount: string | null = null;
  if (item.amount !== null && item.currency) {
    if (item.kind === 'upgrade' || item.kind === 'downgrade' || item.kind === 'reactivation' || item.kind === 'new' || item.kind === 'signup') amount = `${formatMoneyChange(item.amount, item.currency, locale)} MRR`;
    else if (item.kind === 'churn' || item.kind === 'cancellation') amount = `${formatMoneyChange(-Math.abs(item.amount), item.currency, locale)} MRR${item.kind === 'cancellation' ? ' at risk' : ''}`;
    else amount = formatMoney(item.amount, item.currency, locale);
  }
  const what = [ACTIVITY_LABELS[item.kind], item.detail && item.kind !== 'failure' ? `· ${item.detail}` : null, item.kind === 'failure' && item.detail ? `(${item.detail.replaceAll('_', ' ')})` : null].filter(Boolean).join(' ');
  return {
    id: item.id,
    kind: item.kind,
    icon: ICONS[item.kind],
    color: ACTIVITY_COLORS[item.kind],
    who: item.name ?? item.customerId ?? 'A customer',
    what,
    amount,
    tone: BAD.has(item.kind) ? 'bad' : GOOD.has(item.kind) ? 'good' : 'neutral',
    at: item.at,
  };
}
