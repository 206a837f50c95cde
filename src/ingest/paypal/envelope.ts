import { z } from 'zod';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** The envelope every PayPal webhook notification shares (Webhooks v1 "event"); the resource
 *  inside is parsed by the transforms. `create_time` is RFC 3339 ("2026-03-01T10:00:00Z"). */
export const paypalEnvelope = z
  .object({
    id: z.string().min(1).max(255),
    event_type: z.string().min(1).max(255),
    create_time: z
      .string()
      .max(40)
      .refine((value) => RFC3339.test(value) && Number.isFinite(Date.parse(value)), 'must be an RFC 3339 date-time'),
    resource: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export type PaypalEnvelope = z.infer<typeof paypalEnvelope>;

/** `create_time` in Unix seconds (the stored events' `created`). */
export function paypalCreated(envelope: PaypalEnvelope): number {
  return Math.floor(Date.parse(envelope.create_time) / 1000);
}
