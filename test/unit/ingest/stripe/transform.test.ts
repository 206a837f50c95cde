import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DROP_REASONS, transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { SUPPORTED_STRIPE_EVENT_TYPES } from '../../../../src/ingest/stripe/event-types.js';
import { editedFixture, fixtureNames, loadFixture, type Json, type JsonObject } from './fixtures.js';

const DROPPED: Record<string, string> = {
  'payout.paid.json': 'unsupported_type',
  'customer.subscription.updated.malformed-interval.json': 'malformed',
};

describe('transformStripeEvent: drops', () => {
  it('drops an event type that does not move revenue', () => {
    expect(transformStripeEvent(loadFixture('payout.paid.json'))).toStrictEqual({
      ok: false,
      event: {
        id: 'evt_1PsXy0LkdIwHu7ixPay0ut01',
        type: 'payout.paid',
        created: 1724976000,
        livemode: false,
        objectId: 'po_1PsSa2LkdIwHu7ixW2kly001',
        objectCreated: 1724889600,
      },
      drop: 'unsupported_type',
      detail: 'payout.paid does not move revenue or payments',
    });
  });

  it('drops a subscription with an unknown interval, naming the field', () => {
    const result = transformStripeEvent(loadFixture('customer.subscription.updated.malformed-interval.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.drop).toBe('malformed');
    expect(result.event?.id).toBe('evt_1PXm9qLkdIwHu7ixBadInt01');
    expect(result.detail).toMatch(/^data\.object\.items\.data\.0\.price\.recurring\.interval: /);
  });

  it.each([
    ['an unknown status', (sub: JsonObject) => void (sub.status = 'activ'), 'data.object.status'],
    ['no customer', (sub: JsonObject) => void delete sub.customer, 'data.object.customer'],
    ['a float amount', (sub: JsonObject) => void (priceOf(sub).unit_amount = 15.5), 'data.object.items.data.0.price.unit_amount'],
    ['a non-decimal string', (sub: JsonObject) => void (priceOf(sub).unit_amount_decimal = '1e3'), 'data.object.items.data.0.price.unit_amount_decimal'],
    ['no items', (sub: JsonObject) => void delete sub.items, 'data.object.items'],
  ])('drops a subscription with %s as malformed, naming %s', (_name, edit, field) => {
    const result = transformStripeEvent(editedFixture('customer.subscription.created.legacy-percent-forever.json', edit));
    expect(result).toMatchObject({ ok: false, drop: 'malformed' });
    expect(!result.ok && result.detail.startsWith(`${field}: `)).toBe(true);
  });

  it('drops an object of the wrong kind for its event type', () => {
    const event = loadFixture('charge.succeeded.basil.json');
    (event as { type: string }).type = 'customer.created';
    const result = transformStripeEvent(event);
    expect(result).toMatchObject({ ok: false, drop: 'malformed' });
    expect(!result.ok && result.detail.startsWith('data.object.object: ')).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'evt_123'],
    ['an empty object', {}],
    ['an event without data', { id: 'evt_1', object: 'event', created: 1, livemode: false, type: 'charge.succeeded' }],
  ])('drops %s as a malformed envelope, with no event meta', (_name, input) => {
    expect(transformStripeEvent(input)).toMatchObject({ ok: false, event: null, drop: 'malformed' });
  });

  it('lists every drop reason once, including the pipeline’s', () => {
    expect([...DROP_REASONS].sort()).toEqual(['malformed', 'mode_mismatch', 'out_of_range', 'stale', 'unsupported_type']);
  });
});

function priceOf(sub: JsonObject): JsonObject {
  const items = (sub.items as JsonObject).data as JsonObject[];
  return items[0]!.price as JsonObject;
}

describe('transformStripeEvent: event meta', () => {
  it('reports the event and the object it carries', () => {
    const result = transformStripeEvent(loadFixture('customer.subscription.created.basil-metered.json'));
    expect(result.event).toStrictEqual({
      id: 'evt_1RNcQ7Lk2pRwA9vEb4s1Cr8m',
      type: 'customer.subscription.created',
      created: 1746878403,
      livemode: false,
      objectId: 'sub_1RNcQ4Lk2pRwA9vEm3t3rEd1',
      objectCreated: 1746878400,
    });
  });

  it('a discount has no created time', () => {
    const result = transformStripeEvent(loadFixture('customer.discount.created.legacy.json'));
    expect(result.event).toMatchObject({ objectId: 'di_1MlqGyJ8hT2sQw4rK2yP0wTe', objectCreated: null });
  });

  it('reports livemode as sent', () => {
    const event = loadFixture('refund.created.json');
    event.livemode = true;
    expect(transformStripeEvent(event).event?.livemode).toBe(true);
  });
});

describe('transformStripeEvent: coverage', () => {
  const required = [
    'customer.created', 'customer.updated', 'customer.deleted',
    'customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted',
    'customer.subscription.paused', 'customer.subscription.resumed', 'customer.subscription.trial_will_end',
    'customer.subscription.pending_update_applied', 'customer.subscription.pending_update_expired',
    'customer.discount.created', 'customer.discount.updated', 'customer.discount.deleted',
    'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded',
    'invoice.payment_failed', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.upcoming',
    'charge.succeeded', 'charge.failed', 'charge.refunded', 'charge.updated', 'charge.captured', 'charge.pending',
    'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed',
    'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated',
    'refund.created', 'refund.updated', 'refund.failed',
    'credit_note.created', 'credit_note.updated', 'credit_note.voided',
    'product.created', 'product.updated', 'product.deleted',
    'price.created', 'price.updated', 'price.deleted',
  ];

  it('supports every required type', () => {
    expect(SUPPORTED_STRIPE_EVENT_TYPES).toEqual(expect.arrayContaining(required));
  });

  // A fixture whose object each supported type carries; checked longest prefix first.
  const fixtureByPrefix: Array<[string, string]> = [
    ['customer.subscription.', 'customer.subscription.created.legacy-percent-forever.json'],
    ['customer.discount.', 'customer.discount.created.legacy.json'],
    ['customer.', 'customer.updated.json'],
    ['charge.dispute.', 'charge.dispute.created.json'],
    ['charge.refund.', 'refund.created.json'],
    ['charge.', 'charge.failed.declined.json'],
    ['refund.', 'refund.created.json'],
    ['invoice_payment.', 'invoice_payment.paid.clover.json'],
    ['invoice.', 'invoice.paid.legacy-proration.json'],
    ['credit_note.', 'credit_note.created.json'],
    ['coupon.', 'coupon.created.json'],
    ['product.', 'product.updated.json'],
    ['price.', 'price.created.tiered-volume.json'],
  ];

  it.each(SUPPORTED_STRIPE_EVENT_TYPES.filter((type) => type !== 'invoice.upcoming'))(
    '%s with its object yields records',
    (type) => {
      const fixture = fixtureByPrefix.find(([prefix]) => type.startsWith(prefix))?.[1];
      expect(fixture, `no fixture for ${type}`).toBeDefined();
      const event = loadFixture(fixture!);
      (event as { type: string }).type = type;
      const result = transformStripeEvent(event);
      expect(result.ok).toBe(true);
      expect(result.ok && Object.values(result.records).flat().length).toBeGreaterThan(0);
    },
  );
});

describe('transformStripeEvent: invariants', () => {
  const names = fixtureNames();

  it('has fixtures to check', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(names)('%s: transforms, or drops for the expected reason', (name) => {
    const result = transformStripeEvent(loadFixture(name));
    if (DROPPED[name]) expect(result).toMatchObject({ ok: false, drop: DROPPED[name] });
    else expect(result.ok).toBe(true);
  });

  it.each(names)('%s: the event round-trips through JSON to the same result', (name) => {
    const event = loadFixture(name);
    expect(transformStripeEvent(JSON.parse(JSON.stringify(event)))).toStrictEqual(transformStripeEvent(event));
  });

  it.each(names)('%s: the result is plain JSON (nothing lost when stored)', (name) => {
    const result = transformStripeEvent(loadFixture(name));
    expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
  });

  it('never throws, whatever JSON arrives as data.object', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.jsonValue(), (name, object) => {
        const event = loadFixture(name);
        (event.data as JsonObject).object = object as Json;
        const result = transformStripeEvent(event);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('ignores fields it does not read (Stripe adds fields without a new API version)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.dictionary(fc.string({ minLength: 1 }).map((key) => `x_${key}`), fc.jsonValue(), { maxKeys: 5 }),
        (name, extra) => {
          const plain = transformStripeEvent(loadFixture(name));
          const widened = transformStripeEvent(editedFixture(name, (object) => Object.assign(object, extra)));
          expect(widened).toStrictEqual(plain);
        },
      ),
      { numRuns: 100 },
    );
  });
});
