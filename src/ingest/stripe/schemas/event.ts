// Schema for the Event envelope every webhook (and every backfilled object we wrap) arrives in.
import { z } from 'zod';
import { timestamp } from './common.js';

export const event = z.object({
  id: z.string(),
  object: z.literal('event'),
  api_version: z.string().nullable().optional(),
  created: timestamp,
  livemode: z.boolean(),
  type: z.string(),
  data: z.object({
    object: z.record(z.string(), z.unknown()),
    previous_attributes: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type StripeEvent = z.infer<typeof event>;
