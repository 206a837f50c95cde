// The demo's Stripe events as the server stores them: each invoice, charge and subscription
// carries only the fields something of ours reads. A full demo is ~245 MB of JSON (every invoice
// line embeds its whole Price and legacy Plan, every invoice its customer's address and URLs), of
// which the transforms read a small part; storing and parsing the rest cost most of a first
// start. The fields kept are those of the transforms' zod schemas (src/ingest/stripe/schemas),
// so the records, and every figure, are exactly those of the full events (test:
// test/unit/ingest/load-demo-lean.test.ts), plus what the demo pulse reads back from a stored
// subscription (src/demo/pulse.ts subState). Customers, the catalogue, discounts and disputes
// are small and kept whole (names, e-mails and addresses for identity and GDPR exports).
import type { z } from 'zod';
import { eventFamily } from './stripe/event-types.js';
import { invoice } from './stripe/schemas/invoice.js';
import { charge } from './stripe/schemas/payment.js';
import { subscription } from './stripe/schemas/subscription.js';

type Json = unknown;
type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Keys kept whole beside a schema's own, for readers other than the transforms. */
type Extra = { [key: string]: true | Extra };

/** What the demo pulse reads from a stored subscription beyond the transform's schema. */
const SUBSCRIPTION_EXTRA: Extra = {
  created: true, billing_cycle_anchor: true, cancellation_details: true, latest_invoice: true,
  trial_settings: true, discount: true, items: { data: { created: true } },
};

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` with only the keys `schema` reads (and `extra` names), recursively; the rest as is. */
export function projectOnSchema(schema: z.ZodType, value: Json, extra?: Extra): Json {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'nonoptional': case 'readonly': case 'catch':
      return projectOnSchema(def.innerType!, value, extra);
    case 'pipe':
      return projectOnSchema(def.in!, value, extra);
    case 'array':
      return Array.isArray(value) ? value.map((item) => projectOnSchema(def.element!, item, extra)) : value;
    case 'union': {
      // An expandable reference or a choice of shapes: keep every key any object option reads.
      if (!isRecord(value)) return value;
      const objects = def.options!.filter((o) => defOf(o).type === 'object');
      if (objects.length === 0) return value;
      const merged: Record<string, Json> = {};
      for (const option of objects) Object.assign(merged, projectOnSchema(option, value, extra) as Record<string, Json>);
      return merged;
    }
    case 'object': {
      if (!isRecord(value)) return value;
      const out: Record<string, Json> = {};
      for (const [key, field] of Object.entries(value)) {
        const inner = def.shape![key];
        const more = extra?.[key];
        if (more === true) out[key] = field;
        else if (inner) out[key] = projectOnSchema(inner, field, more);
        else if (more) out[key] = projectOnSchema(EXTRA_ONLY, field, more);
      }
      return out;
    }
    default:
      return value;
  }
}

/** A schema reading nothing, for a key that only `extra` names. */
const EXTRA_ONLY = { _zod: { def: { type: 'object', shape: {} } } } as unknown as z.ZodType;

const LEAN: Partial<Record<NonNullable<ReturnType<typeof eventFamily>>, { schema: z.ZodType; extra?: Extra }>> = {
  invoice: { schema: invoice },
  charge: { schema: charge },
  subscription: { schema: subscription, extra: SUBSCRIPTION_EXTRA },
};

type DemoEnvelope = { id: string; type: string; created: number; livemode: boolean; data: { object: Json; previous_attributes?: Record<string, Json> } };

/**
 * The event with its object trimmed to what is read. The envelope stays whole;
 * `previous_attributes` goes (nothing of ours reads it from the demo, and it repeats the object).
 */
export function leanDemoEvent<E extends DemoEnvelope>(event: E): DemoEnvelope {
  const family = eventFamily(event.type);
  const lean = family === null ? undefined : LEAN[family];
  if (!lean) return event;
  return { ...event, data: { object: projectOnSchema(lean.schema, event.data.object, lean.extra) } };
}
