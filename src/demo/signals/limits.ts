// The demo plans' limits (plan_limits): what each plan allows over the last 30 days, set so that
// the heavy accounts (and a few others) run above 80% of one — the expansion opportunities the
// demo shows.
// Starter is the single-seat plan; Growth is billed per seat and Scale has unlimited seats, so
// neither limits seats.
import type { DemoPlanKey } from '../catalog.js';
import { DEMO_EVENTS } from './usage.js';

export type DemoLimit = { metric: string; limit: number; period: 'rolling_30_days' };

export const DEMO_PLAN_LIMITS: Record<DemoPlanKey, readonly DemoLimit[]> = {
  starter: [
    { metric: '$seats', limit: 1, period: 'rolling_30_days' },
    { metric: DEMO_EVENTS.report, limit: 15, period: 'rolling_30_days' },
    { metric: DEMO_EVENTS.api, limit: 1_000, period: 'rolling_30_days' },
  ],
  growth: [
    { metric: DEMO_EVENTS.report, limit: 100, period: 'rolling_30_days' },
    { metric: DEMO_EVENTS.api, limit: 50_000, period: 'rolling_30_days' },
  ],
  scale: [{ metric: DEMO_EVENTS.api, limit: 1_000_000, period: 'rolling_30_days' }],
};
