// GET/PUT/DELETE /v1/customer-links: which provider customers count as one (docs/metrics.md,
// "One customer across sources"). The route serialises with these shapes; the CLI prints them.
import * as z from 'zod/mini';
import { timestamp } from '../contract-common.js';

export const LINK_RULES = ['email', 'mapping'] as const;

export const customerLink = z.object({
  customerId: z.string().check(z.describe('The provider customer that counts as another (the alias)')),
  canonicalId: z.string().check(z.describe('The customer it counts as, in every count and movement')),
  rule: z.enum(LINK_RULES).check(z.describe('email: matched by e-mail across sources; mapping: said by a person')),
  createdBy: z.nullable(z.string()),
  createdAt: timestamp,
});
export type CustomerLinkItem = z.infer<typeof customerLink>;

export const customerLinksResponse = z.object({ data: z.array(customerLink) });
export type CustomerLinksResponse = z.infer<typeof customerLinksResponse>;

export const customerUnlinkResponse = z.object({
  unlinked: z.object({ customerId: z.string(), canonicalId: z.string(), rule: z.enum(LINK_RULES) }),
});
