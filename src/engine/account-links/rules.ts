// Which billing customer a product account is, by the rules docs/tracking.md lists, in order:
//   (a) customer_id — a group trait customer_id / stripe_customer_id, or the groupId itself, is a
//       billing customer's id;
//   (b) external_id — the group trait external_id (or the groupId) equals a value the customer
//       carries in its Stripe metadata under external_id, externalId, account_id or accountId;
//   (c) email_domain — the domain of the account's people's e-mail addresses, or of its
//       traits.email, is the domain of exactly one customer's e-mail (public domains never count);
//   (d) manual — a person's choice in Settings, which the rules never override.
// A rule that finds more than one customer links nothing and offers its best guess as a
// suggestion instead. Deleted customers count only when no live one matches. Pure.
import type { LinkableCustomer } from '../../store/cs-accounts-repo.js';
import { emailOf, isPublicEmailDomain } from '../../core/email-domains.js';

export type AutoLinkRule = 'customer_id' | 'external_id' | 'email_domain';
export type LinkChoice = { customer: LinkableCustomer; rule: AutoLinkRule; reason: string };
export type LinkVerdict = { link: LinkChoice | null; suggestion: LinkChoice | null };

export const ID_TRAITS = ['customer_id', 'stripe_customer_id'] as const;
export const EXTERNAL_ID_TRAIT = 'external_id';
export const METADATA_KEYS = ['external_id', 'externalId', 'account_id', 'accountId'] as const;

export type AccountFacts = { accountId: string; traits: Record<string, unknown>; userEmails: readonly string[] };
export type Candidates = {
  byId: readonly LinkableCustomer[];
  byMetadata: ReadonlyArray<LinkableCustomer & { value: string }>;
  byDomain: ReadonlyArray<LinkableCustomer & { domain: string }>;
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : null);

/** Ids rule (a) looks up, in order of preference: the traits, then the groupId. */
export function idsOf(account: AccountFacts): string[] {
  return [...new Set([...ID_TRAITS.map((t) => text(account.traits[t])), account.accountId].filter((v): v is string => v !== null))];
}

/** Values rule (b) looks for in customers' metadata: the external_id trait, then the groupId. */
export function externalIdsOf(account: AccountFacts): string[] {
  return [...new Set([text(account.traits[EXTERNAL_ID_TRAIT]), account.accountId].filter((v): v is string => v !== null))];
}

/** Domains rule (c) compares, with how many addresses name each; public ones left out. */
export function domainsOf(account: AccountFacts): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of [...account.userEmails, account.traits.email]) {
    const email = emailOf(raw);
    const domain = email?.split('@')[1];
    if (!domain || isPublicEmailDomain(domain)) continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return counts;
}

const live = <T extends LinkableCustomer>(found: readonly T[]): T[] => {
  const alive = found.filter((c) => !c.deleted);
  return alive.length > 0 ? alive : [...found];
};
const distinct = <T extends LinkableCustomer>(found: readonly T[]): T[] => [...new Map(found.map((c) => [c.customerId, c])).values()];

export function decideLink(account: AccountFacts, candidates: Candidates): LinkVerdict {
  // (a) An id names one customer by construction; the traits win over the groupId.
  const byId = new Map(live(candidates.byId).map((c) => [c.customerId, c]));
  for (const id of idsOf(account)) {
    const customer = byId.get(id);
    if (!customer) continue;
    const source = id === account.accountId && !ID_TRAITS.some((t) => text(account.traits[t]) === id) ? 'the groupId' : 'the group trait customer_id';
    return { link: { customer, rule: 'customer_id', reason: `${source} ${id} is this billing customer's id` }, suggestion: null };
  }
  // (b) External id in the customers' metadata.
  const externals = new Set(externalIdsOf(account));
  const byMetadata = distinct(live(candidates.byMetadata.filter((c) => externals.has(c.value))));
  if (byMetadata.length === 1) {
    const c = byMetadata[0]!;
    return { link: { customer: c, rule: 'external_id', reason: `the external id ${c.value} is in this customer's Stripe metadata` }, suggestion: null };
  }
  let suggestion: LinkChoice | null = null;
  if (byMetadata.length > 1) {
    const c = byMetadata[0]!;
    suggestion = { customer: c, rule: 'external_id', reason: `${byMetadata.length} customers carry the external id ${c.value} in their Stripe metadata` };
  }
  // (c) E-mail domain: exactly one customer at the account's domains.
  const domains = domainsOf(account);
  const byDomain = distinct(live(candidates.byDomain.filter((c) => domains.has(c.domain))));
  if (byDomain.length === 1 && !suggestion) {
    const c = byDomain[0]!;
    return { link: { customer: c, rule: 'email_domain', reason: `the account's e-mail domain ${c.domain} is the domain of this customer's e-mail ${c.email ?? ''}`.trim() }, suggestion: null };
  }
  if (byDomain.length > 0 && !suggestion) {
    // Ambiguous: the customer at the domain most of the account's people use.
    const best = [...byDomain].sort((x, y) => (domains.get(y.domain) ?? 0) - (domains.get(x.domain) ?? 0) || (x.customerId < y.customerId ? -1 : 1))[0]!;
    suggestion = { customer: best, rule: 'email_domain', reason: `${byDomain.length} customers have e-mail at ${[...new Set(byDomain.map((c) => c.domain))].join(', ')}: is it ${best.name ?? best.customerId}?` };
  }
  return { link: null, suggestion };
}
