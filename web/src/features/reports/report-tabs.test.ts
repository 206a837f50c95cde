import { describe, expect, it } from 'vitest';
import type { ROLES } from '../auth/session.js';
import { reportsTabAt, tabsFor } from './report-tabs.js';

describe('report tabs', () => {
  it('owners, admins and analysts manage reports; viewers read them only', () => {
    const ids = (role: (typeof ROLES)[number]) => tabsFor(role).map((t) => t.id);
    expect(ids('owner')).toEqual(['reports', 'schedules', 'deliveries', 'custom']);
    expect(ids('analyst')).toEqual(['reports', 'schedules', 'deliveries', 'custom']);
    expect(ids('viewer')).toEqual(['reports']);
  });

  it('finds the tab by its path; an unknown sub-path shows the reports', () => {
    expect(reportsTabAt('/reports/schedules/').id).toBe('schedules');
    expect(reportsTabAt('/reports/deliveries').id).toBe('deliveries');
    expect(reportsTabAt('/reports/elsewhere').id).toBe('reports');
  });
});
