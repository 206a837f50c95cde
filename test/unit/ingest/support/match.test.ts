// Matching a ticket or survey response to a billing customer: id, then e-mail, then a private
// domain with one customer, then a linked account.
import { describe, expect, it } from 'vitest';
import { emailDomain, isPublicEmailDomain } from '../../../../src/core/email-domains.js';
import { matchCustomer, type MatchIndex } from '../../../../src/ingest/support/match.js';

const index: MatchIndex = {
  customerIds: new Set(['cus_1']),
  byEmail: new Map([['ann@acme.io', 'cus_2']]),
  byDomain: new Map([['acme.io', 'cus_3'], ['gmail.com', 'cus_9']]),
  byAccount: new Map([['acct_1', 'cus_4']]),
};
const who = (customerId: string | null, email: string | null, accountId: string | null) => ({ customerId, email, accountId });

describe('matchCustomer', () => {
  it.each([
    ['a known customer id', who('cus_1', 'ann@acme.io', 'acct_1'), { customerId: 'cus_1', rule: 'customer_id' }],
    ['an unknown id falls through to the e-mail', who('cus_x', 'ann@acme.io', null), { customerId: 'cus_2', rule: 'email' }],
    ['the e-mail in any case', who(null, 'ANN@Acme.IO', null), { customerId: 'cus_2', rule: 'email' }],
    ['the domain when no address matches', who(null, 'bob@acme.io', 'acct_1'), { customerId: 'cus_3', rule: 'email_domain' }],
    ['never a public domain', who(null, 'bob@gmail.com', null), null],
    ['a public domain falls through to the account', who(null, 'bob@gmail.com', 'acct_1'), { customerId: 'cus_4', rule: 'account' }],
    ['an unlinked account', who(null, null, 'acct_2'), null],
    ['nothing to go on', who(null, null, null), null],
  ])('%s', (_name, identity, expected) => {
    expect(matchCustomer(identity, index)).toEqual(expected);
  });

  it('reads domains', () => {
    expect([emailDomain('a@B.com'), emailDomain('nope'), emailDomain('x@')]).toEqual(['b.com', null, null]);
    expect([isPublicEmailDomain('GMAIL.com'), isPublicEmailDomain('acme.io')]).toEqual([true, false]);
  });
});
