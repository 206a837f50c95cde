// The built-in segments a workspace reads while it has none of its own, from our users' spec
// (docs/metrics.md, section 21): each a customers-list filter set and its suggested action.
import type { Segment } from './contract.js';

const builtIn = (id: string, name: string, filters: Segment['filters'], action: string, position: number): Segment => ({
  id: `builtin-${id}`, name, filters, action, position, builtIn: true, createdAt: null, updatedAt: null,
});

export const BUILT_IN_SEGMENTS: readonly Segment[] = [
  builtIn('high-value', 'High-value power users', { mrrTopPercent: 20, health: ['healthy'] }, 'Upsell to a higher plan', 0),
  builtIn('growing-teams', 'Growing teams', { usersTrend: 'rising' }, 'Offer team features', 1),
  builtIn('price-sensitive', 'Price-sensitive', { pricing: ['discounted', 'entry_plan'], riskMin: 0.4 }, 'Retention campaign', 2),
  builtIn('trial-users', 'Trial users', { status: ['trialing'] }, 'Conversion campaign', 3),
];
