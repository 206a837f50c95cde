// Amounts and quantities beyond what the engine represents exactly (src/core/bounds.ts) are
// dropped at the boundary with the reason 'out_of_range', naming the field; values at the bound
// are accepted. Without this, one signed event with a huge quantity crash-looped the server.
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../../../../src/core/bounds.js';
import { transformStripeEvent } from '../../../../src/ingest/stripe/transform.js';
import { at, editedFixture, type JsonObject } from './fixtures.js';

const SUBSCRIPTION = 'customer.subscription.created.legacy-percent-forever.json';
const CHARGE = 'charge.succeeded.basil.json';

const firstItem = (o: JsonObject) => at(o, 'items.data.0');

describe('amounts and quantities beyond the bounds', () => {
  it('drops a subscription item with a quantity of 2^53 − 1 as out_of_range, naming the field', () => {
    const event = editedFixture(SUBSCRIPTION, (o) => {
      firstItem(o).quantity = Number.MAX_SAFE_INTEGER;
    });
    const result = transformStripeEvent(event);
    expect(result).toMatchObject({ ok: false, drop: 'out_of_range' });
    expect(!result.ok && result.detail).toMatch(/^data\.object\.items\.data\.0\.quantity: .*out of range/);
  });

  it('drops an item whose quantity and price are each in range but whose product is not', () => {
    const event = editedFixture(SUBSCRIPTION, (o) => {
      firstItem(o).quantity = MAX_QUANTITY; // × $15.00 a month
    });
    const result = transformStripeEvent(event);
    expect(result).toMatchObject({ ok: false, drop: 'out_of_range' });
    expect(!result.ok && result.detail).toMatch(/^data\.object\.items\.data\.0: the item's monthly amount/);
  });

  it('keeps an item just inside the bound', () => {
    const event = editedFixture(SUBSCRIPTION, (o) => {
      firstItem(o).quantity = Math.floor(MAX_AMOUNT_MINOR / 1500); // × 1500 minor units ≤ the bound
    });
    const result = transformStripeEvent(event);
    expect(result.ok).toBe(true);
  });

  it('drops a charge whose amount is beyond the bound, and keeps one at the bound', () => {
    const over = transformStripeEvent(editedFixture(CHARGE, (o) => { o.amount = MAX_AMOUNT_MINOR + 1; o.amount_captured = 0; }));
    expect(over).toMatchObject({ ok: false, drop: 'out_of_range' });
    expect(!over.ok && over.detail).toMatch(/^data\.object\.amount: /);
    const edge = transformStripeEvent(editedFixture(CHARGE, (o) => { o.amount = MAX_AMOUNT_MINOR; o.amount_captured = 0; }));
    expect(edge.ok).toBe(true);
  });

  it('keeps a negative quantity a malformed field (a wrong value, not a large one)', () => {
    const result = transformStripeEvent(editedFixture(SUBSCRIPTION, (o) => { firstItem(o).quantity = -1; }));
    expect(result).toMatchObject({ ok: false, drop: 'malformed' });
  });
});
