// Access-matrix cases for outgoing webhook endpoints and deliveries (issue 17); see test/helpers/access-case.ts.
import type { Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {};
