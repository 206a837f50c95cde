import { z } from 'zod';

/** The envelope every Stripe event shares; the object inside is parsed by the transforms. */
export const stripeEnvelope = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('event').optional(),
  type: z.string().min(1).max(255),
  created: z.number().int().positive(),
  livemode: z.boolean(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }).passthrough(),
}).passthrough();

export type StripeEnvelope = z.infer<typeof stripeEnvelope>;
