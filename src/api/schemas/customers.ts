// The customer status parameter (the customers' responses: src/read/customers/contract.ts;
// payments: src/read/payments/contract.ts; explain: src/read/explain/contract.ts).
import { z } from 'zod';
import { CUSTOMER_STATUSES } from '../../read/customers/contract.js';

/** A customer status as a request parameter (the customers list, saved filters). The responses'
 *  shapes are in src/read/customers/contract.ts. */
export const customerStatus = z.enum(CUSTOMER_STATUSES);
