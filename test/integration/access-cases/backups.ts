// Access-matrix cases for backup history (issue 17); see test/helpers/access-case.ts.
import type { Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {};
