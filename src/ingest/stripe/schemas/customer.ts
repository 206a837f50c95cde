// Schema for Customer.
import { z } from 'zod';
import { currency, metadata, timestamp } from './common.js';

export const customer = z.object({
  id: z.string(),
  object: z.literal('customer'),
  email: z.string().nullable(),
  name: z.string().nullish(),
  address: z.object({ country: z.string().nullish() }).nullish(),
  currency: currency.nullish(),
  created: timestamp,
  metadata,
});
export type StripeCustomer = z.infer<typeof customer>;
