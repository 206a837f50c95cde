// Schema for Customer. Lists only what the transform reads (see common.ts for the conventions).
import { z } from 'zod';
import { currency, kind, metadata, orNull, timestamp } from './common.js';

export const customer = z.object({
  id: z.string(),
  object: kind('customer'),
  email: orNull(z.string()),
  name: orNull(z.string()),
  address: orNull(z.object({ country: orNull(z.string()) })),
  currency: orNull(currency),
  created: timestamp,
  metadata,
});
export type StripeCustomer = z.infer<typeof customer>;
