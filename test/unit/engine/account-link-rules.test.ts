// The account → billing customer rules, table-driven (docs/tracking.md).
import { describe, expect, it } from 'vitest';
import { decideLink, domainsOf, type AccountFacts, type Candidates } from '../../../src/engine/account-links/rules.js';
import { isPublicEmailDomain } from '../../../src/core/email-domains.js';
import type { LinkableCustomer } from '../../../src/store/cs-accounts-repo.js';

const c = (customerId: string, over: Partial<LinkableCustomer> = {}): LinkableCustomer => ({ customerId, name: null, email: null, deleted: false, ...over });
const none: Candidates = { byId: [], byMetadata: [], byDomain: [] };
const acct = (over: Partial<AccountFacts> = {}): AccountFacts => ({ accountId: 'acct-1', traits: {}, userEmails: [], ...over });

describe('decideLink', () => {
  it.each<[string, AccountFacts, Candidates, { link: string | null; rule?: string; suggestion?: string | null }]>([
    ['(a) trait customer_id', acct({ traits: { customer_id: 'cus_1' } }), { ...none, byId: [c('cus_1')] }, { link: 'cus_1', rule: 'customer_id' }],
    ['(a) trait stripe_customer_id', acct({ traits: { stripe_customer_id: 'cus_2' } }), { ...none, byId: [c('cus_2')] }, { link: 'cus_2', rule: 'customer_id' }],
    ['(a) groupId is a customer id', acct({ accountId: 'cus_3' }), { ...none, byId: [c('cus_3')] }, { link: 'cus_3', rule: 'customer_id' }],
    ['(a) the trait wins over the groupId', acct({ accountId: 'cus_3', traits: { customer_id: 'cus_1' } }), { ...none, byId: [c('cus_3'), c('cus_1')] }, { link: 'cus_1', rule: 'customer_id' }],
    ['(a) beats (c)', acct({ traits: { customer_id: 'cus_1' }, userEmails: ['a@x.example'] }), { ...none, byId: [c('cus_1')], byDomain: [{ ...c('cus_9'), domain: 'x.example' }] }, { link: 'cus_1', rule: 'customer_id' }],
    ['(b) external id in metadata', acct({ traits: { external_id: 'org-1' } }), { ...none, byMetadata: [{ ...c('cus_4'), value: 'org-1' }] }, { link: 'cus_4', rule: 'external_id' }],
    ['(b) groupId in metadata', acct({ accountId: 'org-7' }), { ...none, byMetadata: [{ ...c('cus_5'), value: 'org-7' }] }, { link: 'cus_5', rule: 'external_id' }],
    ['(b) two customers: suggestion only', acct({ traits: { external_id: 'org-1' } }), { ...none, byMetadata: [{ ...c('cus_4'), value: 'org-1' }, { ...c('cus_6'), value: 'org-1' }] }, { link: null, suggestion: 'cus_4' }],
    ['(c) users’ domain names one customer', acct({ userEmails: ['ann@initech.example'] }), { ...none, byDomain: [{ ...c('cus_7', { email: 'billing@initech.example' }), domain: 'initech.example' }] }, { link: 'cus_7', rule: 'email_domain' }],
    ['(c) traits.email', acct({ traits: { email: 'Boss@Initech.example' } }), { ...none, byDomain: [{ ...c('cus_7'), domain: 'initech.example' }] }, { link: 'cus_7', rule: 'email_domain' }],
    ['(c) two customers at the domain: suggestion only', acct({ userEmails: ['a@globex.example'] }), { ...none, byDomain: [{ ...c('cus_8'), domain: 'globex.example' }, { ...c('cus_9'), domain: 'globex.example' }] }, { link: null, suggestion: 'cus_8' }],
    ['(c) never a public domain', acct({ userEmails: ['a@gmail.com'] }), { ...none, byDomain: [{ ...c('cus_g'), domain: 'gmail.com' }] }, { link: null, suggestion: null }],
    ['a live customer over a deleted one', acct({ userEmails: ['a@x.example'] }), { ...none, byDomain: [{ ...c('cus_old', { deleted: true }), domain: 'x.example' }, { ...c('cus_new'), domain: 'x.example' }] }, { link: 'cus_new', rule: 'email_domain' }],
    ['nothing matches', acct(), none, { link: null, suggestion: null }],
    ['a candidate for another value does not count', acct({ traits: { external_id: 'org-1' } }), { ...none, byMetadata: [{ ...c('cus_4'), value: 'org-2' }] }, { link: null, suggestion: null }],
  ])('%s', (_label, account, candidates, expected) => {
    const verdict = decideLink(account, candidates);
    expect(verdict.link?.customer.customerId ?? null).toBe(expected.link);
    if (expected.rule) expect(verdict.link?.rule).toBe(expected.rule);
    if (expected.suggestion !== undefined) expect(verdict.suggestion?.customer.customerId ?? null).toBe(expected.suggestion);
    if (verdict.link) expect(verdict.link.reason.length).toBeGreaterThan(10);
  });

  it('counts the domains of the account’s people, public ones left out', () => {
    expect([...domainsOf(acct({ userEmails: ['a@acme.example', 'b@acme.example', 'c@gmail.com', 'not an email'], traits: { email: 'd@other.example' } }))]).toEqual([['acme.example', 2], ['other.example', 1]]);
    expect(isPublicEmailDomain('GMAIL.com')).toBe(true);
    expect(isPublicEmailDomain('acme.example')).toBe(false);
  });
});
