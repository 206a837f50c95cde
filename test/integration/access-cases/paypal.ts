// Access-matrix cases for the paypal routes (issue 15; see test/helpers/access-case.ts).
import type { Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {};
