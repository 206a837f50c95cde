// The personal-data scrubber on real-shaped payloads: Stripe fixtures, PayPal subscriptions and
// plans, import rows, Segment messages, support tickets and survey responses, and the demo
// generator's events. Each row: what must go, and what must stay (plan and product names, ids,
// amounts, countries).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  personalValues, pseudonymFor, pseudonymReplacer, scrubKnownValues, scrubPayload, scrubString, stringsIn,
  type PersonalField,
} from '../../../src/core/personal-data.js';
import { demoEvents } from '../../../src/demo/index.js';
import { paypalEvent, paypalPlan, paypalSubscription } from '../../helpers/paypal-events.js';

const stripeFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/stripe/${name}.json`, import.meta.url), 'utf8'));
const segmentFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/segment/${name}.json`, import.meta.url), 'utf8'));

const PSEUDONYM = { name: 'Customer 3f9a1c', email: 'customer-3f9a1c@anonymised.invalid' };
const scrub = (payload: unknown) => scrubPayload(payload, pseudonymReplacer(PSEUDONYM));
const text = (payload: unknown) => JSON.stringify(payload);

/** Every field the scrubber replaced, as `field: value`. */
function replaced(payload: unknown): string[] {
  const seen: string[] = [];
  scrubPayload(payload, (field: PersonalField, value) => {
    seen.push(`${field}: ${String(value)}`);
    return value;
  });
  return seen.sort();
}

const paypalSubscriber = paypalSubscription({ id: 'I-GDPR00000001', planId: 'P-GDPR', payerId: 'GDPRPAYER01', email: 'erin@mover.example', givenName: 'Erin', surname: 'Evans', start: 1_740_000_000 });
const importRow = {
  object: 'import_row', id: 'imp_1', source_id: 'src_import', hash: 'h',
  import_row: { customerId: 'hana', customerName: 'Hana Hill', customerEmail: 'hana@import.example', subscriptionId: 'sub-h1', plan: 'Yearly', currency: 'usd', metadata: { region: 'EU' } },
};
const segmentGroup = { type: 'group', messageId: 'm-g', userId: 'u1', groupId: 'acc_1', traits: { name: 'Initech', employees: 40, website: 'https://initech.example' } };
const segmentPage = { type: 'page', messageId: 'm-p', userId: 'u1', name: 'Pricing', properties: { title: 'Pricing', url: 'https://app.example/pricing' } };
const checkoutSession = {
  object: 'checkout.session', id: 'cs_1', customer: 'cus_1', amount_total: 4900,
  customer_details: { email: 'dana@shop.example', name: 'Dana Doe', phone: '+4930123456', address: { line1: 'Torstraße 1', city: 'Berlin', postal_code: '10119', country: 'DE' }, tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }] },
};
const ticket = { id: 'T-1', email: 'dana@shop.example', subject: 'Dana Doe cannot log in', status: 'open', priority: 'high' };
const survey = { id: 'S-1', kind: 'nps', email: 'dana@shop.example', score: 9, comment: 'Love it — Dana' };

type Row = { name: string; payload: unknown; gone: string[]; kept: string[] };
const ROWS: Row[] = [
  { name: 'Stripe customer.updated', payload: stripeFixture('customer.updated'), gone: ['billing@kraftwerk-labs.de', 'Kraftwerk Labs GmbH', 'Torstraße 140'], kept: ['"country":"DE"', 'cus_'] },
  { name: 'Stripe customer.deleted', payload: stripeFixture('customer.deleted'), gone: ['ops@northwind.example', 'Imported from legacy billing'], kept: ['cus_'] },
  { name: 'Stripe invoice.paid', payload: stripeFixture('invoice.paid.legacy-proration'), gone: ['finance@tidewater.example', 'Tidewater Analytics'], kept: ['Revpulse Demo Inc.', '1 × Scale (at $99.00 / month)', '"amount_paid"'] },
  { name: 'Stripe charge.refunded (billing_details)', payload: stripeFixture('charge.refunded.legacy-embedded-refunds'), gone: ['compta@acme-lyon.example', 'ACME Lyon SARL', '12 Rue de la République'], kept: ['REVPULSE DEMO', '"amount_refunded"'] },
  { name: 'Stripe charge.failed', payload: stripeFixture('charge.failed.declined'), gone: ['Northwind Ops'], kept: ['insufficient_funds'] },
  { name: 'Stripe subscription (plan nicknames, coupon names)', payload: stripeFixture('customer.subscription.updated.legacy-annual-amount-off'), gone: [], kept: ['Business yearly', 'Spring €20 off'] },
  { name: 'Stripe product.updated', payload: stripeFixture('product.updated'), gone: [], kept: ['Pro (beta)', 'Per-seat access to every Pro feature'] },
  { name: 'Stripe checkout session', payload: checkoutSession, gone: ['dana@shop.example', 'Dana Doe', '+4930123456', 'Torstraße 1', 'DE123456789', '10119'], kept: ['"country":"DE"', '"amount_total":4900', 'eu_vat'] },
  { name: 'PayPal subscription', payload: paypalEvent('BILLING.SUBSCRIPTION.ACTIVATED', paypalSubscriber, 1_740_000_000), gone: ['erin@mover.example', '"Erin"', 'Evans', '2211 N First Street', 'San Jose'], kept: ['GDPRPAYER01', 'P-GDPR', '"country_code":"US"'] },
  { name: 'PayPal plan', payload: paypalEvent('BILLING.PLAN.CREATED', paypalPlan({ id: 'P-GDPR', productId: 'PROD-GDPR', name: 'Team', value: '49.00' }), 1_740_000_000), gone: [], kept: ['"name":"Team"'] },
  { name: 'import row', payload: importRow, gone: ['Hana Hill', 'hana@import.example'], kept: ['"plan":"Yearly"', '"customerId":"hana"', 'EU'] },
  { name: 'Segment identify', payload: segmentFixture('identify'), gone: ['pgibbons@example.com', 'Peter Gibbons', '24.5.68.47'], kept: ['019mr8mf4r', 'Technology'] },
  { name: 'Segment track', payload: segmentFixture('track'), gone: ['24.5.68.47'], kept: ['Leap to Conclusions Mat', 'Item Purchased'] },
  { name: 'Segment group', payload: segmentGroup, gone: ['Initech', 'https://initech.example'], kept: ['acc_1', '"employees":40'] },
  { name: 'Segment page', payload: segmentPage, gone: [], kept: ['"name":"Pricing"'] },
  { name: 'support ticket', payload: ticket, gone: ['dana@shop.example', 'Dana Doe cannot log in'], kept: ['T-1', 'high'] },
  { name: 'survey response', payload: survey, gone: ['dana@shop.example', 'Love it'], kept: ['"score":9'] },
];

describe('scrubPayload', () => {
  it.each(ROWS)('$name: personal fields go, the rest stays', ({ payload, gone, kept }) => {
    const before = text(payload);
    const after = text(scrub(payload));
    for (const value of gone) expect(before, `the fixture holds ${value}`).toContain(value);
    for (const value of gone) expect(after, `${value} is scrubbed`).not.toContain(value);
    for (const value of kept) expect(after, `${value} is kept`).toContain(value);
    expect(text(payload), 'the input is not changed').toBe(before);
  });

  it('keeps the shape: every object and array stays where it was, only strings change', () => {
    for (const row of ROWS) {
      const after = scrub(row.payload);
      const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, c]) => [k, strip(c)])) : typeof v === 'string' || v === null ? 'leaf' : typeof v);
      expect(strip(after), row.name).toEqual(strip(row.payload));
    }
  });

  it('names what it replaces by kind', () => {
    expect(replaced(checkoutSession)).toEqual([
      'address: Berlin', 'address: 10119', 'address: Torstraße 1', 'email: dana@shop.example', 'name: Dana Doe', 'other: DE123456789', 'phone: +4930123456',
    ].sort());
    expect(replaced(paypalSubscriber)).toEqual(['address: 2211 N First Street', 'address: 95131', 'address: San Jose', 'email: erin@mover.example', 'name: Erin', 'name: Evans'].sort());
  });

  it('writes the pseudonym where names and e-mails were and null where the rest was', () => {
    const after = scrub(stripeFixture('customer.updated')) as { data: { object: Record<string, unknown> } };
    expect(after.data.object.name).toBe(PSEUDONYM.name);
    expect(after.data.object.email).toBe(PSEUDONYM.email);
    expect((after.data.object.address as Record<string, unknown>).line1).toBeNull();
  });

  it('scrubs every customer in the demo generator\'s events, and keeps every plan, product and coupon name', () => {
    const events = demoEvents({ customers: 15, months: 3, seed: 7, endAt: 1_767_225_600 });
    const catalogNames = new Set<string>();
    for (const e of events) {
      const object = e.data.object as unknown as Record<string, unknown>;
      if (['product', 'coupon'].includes(String(object.object)) && typeof object.name === 'string') catalogNames.add(object.name);
    }
    expect(catalogNames.size).toBeGreaterThan(0);
    const customers = events.filter((e) => e.type === 'customer.created').map((e) => e.data.object as unknown as { email: string; name: string });
    expect(customers.length).toBeGreaterThan(5);
    const after = text(events.map(scrub));
    for (const c of customers) {
      expect(after).not.toContain(c.email);
      expect(after).not.toContain(`"${c.name}"`);
    }
    for (const name of catalogNames) expect(after).toContain(`"${name}"`);
  });
});

describe('personalValues', () => {
  it('collects e-mails, names, phones and street lines from every shape', () => {
    const values = personalValues([stripeFixture('customer.updated'), checkoutSession, paypalEvent('BILLING.SUBSCRIPTION.ACTIVATED', paypalSubscriber, 1), importRow]);
    expect(values.emails.sort()).toEqual(['billing@kraftwerk-labs.de', 'dana@shop.example', 'erin@mover.example', 'hana@import.example']);
    expect(values.names).toEqual(expect.arrayContaining(['Kraftwerk Labs GmbH', 'Dana Doe', 'Erin', 'Evans', 'Hana Hill']));
    expect(values.phones).toEqual(['+4930123456']);
    expect(values.addressLines.sort()).toEqual(['2211 N First Street', 'Torstraße 1', 'Torstraße 140'].sort());
  });
});

describe('scrubKnownValues', () => {
  const known = ['dana@shop.example', 'Dana Doe', 'Torstraße 1', 'Al'];
  const cases: { name: string; input: unknown; expected: unknown }[] = [
    { name: 'an equal string, any case', input: { note: 'DANA@SHOP.EXAMPLE' }, expected: { note: PSEUDONYM.email } },
    { name: 'inside a longer string', input: { description: 'Invoice for Dana Doe (dana@shop.example)' }, expected: { description: `Invoice for ${PSEUDONYM.name} (${PSEUDONYM.email})` } },
    { name: 'deep in arrays', input: [[{ a: ['x', 'Ship to Torstraße 1, Berlin'] }]], expected: [[{ a: ['x', `Ship to ${PSEUDONYM.name}, Berlin`] }]] },
    { name: 'in an object key', input: { 'dana@shop.example': 1 }, expected: { [PSEUDONYM.email]: 1 } },
    { name: 'a short value only where a string equals it', input: { a: 'Al', b: 'Alpha plan' }, expected: { a: PSEUDONYM.name, b: 'Alpha plan' } },
    { name: 'numbers, booleans and null untouched', input: { n: 12, b: true, z: null }, expected: { n: 12, b: true, z: null } },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(scrubKnownValues(input, known, pseudonymFor(PSEUDONYM))).toEqual(expected);
  });

  it('leaves nothing of any known value in any string of the demo events', () => {
    const events = demoEvents({ customers: 6, months: 2, seed: 11, endAt: 1_767_225_600 });
    const values = personalValues(events);
    const all = [...values.emails, ...values.names, ...values.addressLines, ...values.phones];
    expect(all.length).toBeGreaterThan(10);
    const after = stringsIn(scrubKnownValues(events, all, 'x')).join('\n').toLowerCase();
    for (const v of all.filter((v) => v.length >= 5)) expect(after).not.toContain(v.toLowerCase());
  });

  it('scrubString with a fixed replacement', () => {
    expect(scrubString('Call Dana Doe', known, '[removed]')).toBe('Call [removed]');
    expect(scrubString('nothing here', [], '[removed]')).toBe('nothing here');
  });
});
