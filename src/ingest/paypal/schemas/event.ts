// Schema for the notification envelope every PayPal webhook (and every backfilled resource the
// sync wraps as one) arrives in.
import { z } from 'zod';
import { isoTime, link } from './common.js';

export const event = z.object({
  id: z.string().min(1),
  event_version: z.string().optional(),
  create_time: isoTime,
  resource_type: z.string().optional(),
  event_type: z.string().min(1),
  summary: z.string().nullish(),
  resource: z.record(z.string(), z.unknown()),
  links: z.array(link).nullish(),
});
export type PaypalEvent = z.infer<typeof event>;
