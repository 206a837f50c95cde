// Access-matrix cases for GDPR requests (issue 17, helper gdpr-api); see test/helpers/access-case.ts.
import type { Case } from '../../helpers/access-case.js';

export const CASES: Record<string, Case> = {};
