// Customers → CustomerRecord.
import { normaliseCurrency } from '../../core/currency.js';
import type { CustomerRecord } from '../../core/records.js';
import type { StripeCustomer } from './schemas/customer.js';

export function transformCustomer(customer: StripeCustomer, deleted: boolean): CustomerRecord {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    country: customer.address?.country ?? null,
    currency: customer.currency ? normaliseCurrency(customer.currency) : null,
    created: customer.created,
    deleted,
    metadata: customer.metadata,
  };
}
