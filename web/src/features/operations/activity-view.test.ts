import { describe, expect, it } from 'vitest';
import type { ActivityItem } from './activity.js';
import { activityLine } from './activity-view.js';

const item = (over: Partial<ActivityItem>): ActivityItem => ({ id: 'x', seq: 1, at: '2026-01-15T12:00:00.000Z', kind: 'payment', customerId: 'cus_1', name: 'Acme', currency: 'usd', amount: 4_900, detail: null, mergeKey: null, ...over });

describe('activityLine', () => {
  it.each([
    [item({ kind: 'upgrade', amount: 2_000 }), 'Upgraded', '+$20.00 MRR', 'good'],
    [item({ kind: 'downgrade', amount: -2_000 }), 'Downgraded', '-$20.00 MRR', 'bad'],
    [item({ kind: 'signup', amount: 9_900, detail: 'Team' }), 'Signed up · Team', '+$99.00 MRR', 'good'],
    [item({ kind: 'churn', amount: 4_900 }), 'Churned', '-$49.00 MRR', 'bad'],
    [item({ kind: 'cancellation', amount: 4_900 }), 'Scheduled a cancellation', '-$49.00 MRR at risk', 'bad'],
    [item({ kind: 'payment', currency: 'jpy', amount: 5_000 }), 'Payment received', '¥5,000', 'good'],
    [item({ kind: 'failure', detail: 'insufficient_funds' }), 'Payment failed (insufficient funds)', '$49.00', 'bad'],
    [item({ kind: 'trial', amount: null, currency: null }), 'Started a trial', null, 'neutral'],
  ])('%#: %s', (input, what, amount, tone) => {
    const line = activityLine(input, 'en-US');
    expect(line).toMatchObject({ what, amount, tone, who: 'Acme' });
  });

  it('names a customer by id when the name is unknown', () => {
    expect(activityLine(item({ name: null })).who).toBe('cus_1');
    expect(activityLine(item({ name: null, customerId: null })).who).toBe('A customer');
  });
});
