// A subscription's `subscriber` → CustomerRecord. PayPal has no customer object: the payer is
// known by its payer id, which every subscription of that payer carries.
import type { CustomerRecord } from '../../core/records.js';
import type { UnixSeconds } from '../../core/types.js';
import type { PaypalSubscriber } from './schemas/subscription.js';

/** Our customer id for a PayPal payer: payer ids are PayPal's, so they are namespaced. */
export function paypalCustomerId(payerId: string): string {
  return `paypal_${payerId}`;
}

export function transformSubscriber(subscriber: PaypalSubscriber & { payer_id: string }, created: UnixSeconds): CustomerRecord {
  const name = [subscriber.name?.given_name, subscriber.name?.surname].filter((part) => part !== undefined && part.trim() !== '').join(' ');
  const country = subscriber.shipping_address?.address?.country_code;
  return {
    id: paypalCustomerId(subscriber.payer_id),
    email: subscriber.email_address ?? null,
    name: name === '' ? null : name,
    country: country ? country.toUpperCase() : null,
    // A payer may hold subscriptions in several currencies: PayPal fixes none per payer.
    currency: null,
    created,
    deleted: false,
    metadata: { paypal_payer_id: subscriber.payer_id },
  };
}
