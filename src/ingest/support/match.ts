// Which billing customer a ticket or survey response is about (docs/support-import.md):
//   1. its customer id, when the workspace has that customer;
//   2. else its e-mail: a customer with that address (case-insensitive; several: one not
//      deleted, then the most recently created);
//   3. else the e-mail's domain, when exactly one customer has an address there and the domain
//      is not a public mail provider (gmail.com…: thousands of unrelated people share it);
//   4. else its account id, when that product account is linked to a customer.
// Unmatched rows are stored with no customer. Pure: the lookups are loaded beforehand.
import { emailDomain, isPublicEmailDomain } from '../../core/email-domains.js';
import type { Identity } from './records.js';

export type MatchRuleName = 'customer_id' | 'email' | 'email_domain' | 'account';
export type Match = { customerId: string; rule: MatchRuleName } | null;

export type MatchIndex = {
  /** Customer ids of the workspace among those asked about. */
  customerIds: ReadonlySet<string>;
  /** Lower-cased e-mail → the customer it matches. */
  byEmail: ReadonlyMap<string, string>;
  /** Lower-cased domain → the only customer with an address there (domains with several absent). */
  byDomain: ReadonlyMap<string, string>;
  /** Account id → linked customer. */
  byAccount: ReadonlyMap<string, string>;
};

export function matchCustomer(who: Identity, index: MatchIndex): Match {
  if (who.customerId !== null && index.customerIds.has(who.customerId)) return { customerId: who.customerId, rule: 'customer_id' };
  if (who.email !== null) {
    const email = who.email.toLowerCase();
    const byEmail = index.byEmail.get(email);
    if (byEmail !== undefined) return { customerId: byEmail, rule: 'email' };
    const domain = emailDomain(email);
    const byDomain = domain !== null && !isPublicEmailDomain(domain) ? index.byDomain.get(domain) : undefined;
    if (byDomain !== undefined) return { customerId: byDomain, rule: 'email_domain' };
  }
  if (who.accountId !== null) {
    const byAccount = index.byAccount.get(who.accountId);
    if (byAccount !== undefined) return { customerId: byAccount, rule: 'account' };
  }
  return null;
}
