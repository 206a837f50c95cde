// Access-matrix cases for reports: rendering, custom reports, schedules, deliveries (see
// test/helpers/access-case.ts).
import type { Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {};
