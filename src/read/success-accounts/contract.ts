// GET /v1/success/accounts (product accounts — Segment groups — with their link to a billing
// customer, the unmatched ones first in the Settings panel) and PUT /v1/success/accounts/:id/link
// (a person links or unlinks one by hand). The route serialises with these and the Settings
// screen's "Unmatched accounts" panel parses with them.
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

/** How an account came to be linked (docs/tracking.md, "Linking accounts to customers"), in the
 *  order the rules are tried; 'manual' is a person's choice and is never overridden. */
export const LINK_RULES = ['customer_id', 'external_id', 'email_domain', 'manual'] as const;
export const linkRule = z.enum(LINK_RULES);
export type LinkRule = z.infer<typeof linkRule>;

/** A billing customer as the panel names it. */
export const linkedCustomer = z.object({ id: z.string(), name: z.nullable(z.string()), email: z.nullable(z.string()) });
export type LinkedCustomer = z.infer<typeof linkedCustomer>;

/** A customer the rules would link an unlinked account to if it were unambiguous enough to do
 *  it alone, or that an e-mail domain points to: shown as a one-click suggestion. */
export const linkSuggestion = z.object({
  customer: linkedCustomer,
  rule: linkRule,
  reason: z.string().check(z.describe('Why, in words: "users share the domain acme.com with billing e-mail billing@acme.com"')),
});
export type LinkSuggestion = z.infer<typeof linkSuggestion>;

export const successAccount = z.object({
  accountId: z.string().check(z.describe('The Segment groupId')),
  name: z.nullable(z.string()),
  traits: z.record(z.string(), z.unknown()),
  customer: z.nullable(linkedCustomer).check(z.describe('The billing customer it is linked to; null: unmatched')),
  linkRule: z.nullable(linkRule),
  users: count.check(z.describe('People (userIds) grouped into this account')),
  firstSeenAt: timestamp,
  lastSeenAt: timestamp,
  suggestion: z.nullable(linkSuggestion),
});
export type SuccessAccount = z.infer<typeof successAccount>;

/** GET /v1/success/accounts?linked=true|false&q=&limit=&cursor= */
export const successAccountList = z.object({
  data: z.array(successAccount),
  nextCursor: z.nullable(z.string()),
  total: count.check(z.describe('How many accounts match the filter, on every page')),
});
export type SuccessAccountList = z.infer<typeof successAccountList>;

/** PUT /v1/success/accounts/:accountId/link — null unlinks (the rules will not link it again on
 *  their own: an unlink by a person is a choice, recorded as a manual "no customer"). */
export const accountLinkRequest = z.object({ customerId: z.nullable(z.string().check(z.minLength(1), z.maxLength(255))) });
export type AccountLinkRequest = z.infer<typeof accountLinkRequest>;

export const accountLinkAnswer = z.object({ account: successAccount });
export type AccountLinkAnswer = z.infer<typeof accountLinkAnswer>;
