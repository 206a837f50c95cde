import { describe, expect, it } from 'vitest';
import { parseDomains } from './sso-panel.js';
import { SSO_ERRORS } from '../auth/sso-sign-in.js';

describe('single sign-on in the web app', () => {
  it.each([
    ['acme.com, Example.org', ['acme.com', 'example.org']],
    ['@acme.com;b.io  c.dev', ['acme.com', 'b.io', 'c.dev']],
    ['  ', []],
  ])('reads the allowed domains %j', (text, domains) => expect(parseDomains(text)).toEqual(domains));

  it('says every reason the server sends back from a refused sign-in in words', () => {
    const reasons = ['unavailable', 'provider', 'state', 'expired', 'disabled', 'token', 'email_missing', 'email_unverified', 'domain', 'account_conflict'];
    for (const reason of reasons) expect(SSO_ERRORS[reason], reason).toMatch(/\w+ \w+/);
  });
});
