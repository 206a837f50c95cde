import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../../../src/ingest/import/parse.js';
import { importEventId, importPayloads } from '../../../../src/ingest/import/stored-row.js';
import { transformImportEvent } from '../../../../src/ingest/import/transform.js';
import { transformFor } from '../../../../src/ingest/transform-for.js';
import { subscriptionMrr } from '../../../../src/core/subscription-mrr.js';
import { presetRules } from '../../../../src/core/presets.js';

const t = (iso: string) => Date.parse(iso) / 1000;
const HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,discount_percent,invoice_id,paid_at,paid_amount,region';

/** The payloads an import of these CSV lines (after the header) into source src_1 stores. */
function payloads(...lines: string[]) {
  const parsed = parseImportFile([HEADER, ...lines].join('\n'));
  expect(parsed.errors).toEqual([]);
  return importPayloads('src_1', parsed.rows);
}

function recordsOf(line: string) {
  const result = transformImportEvent(payloads(line)[0]);
  if (!result.ok) throw new Error(result.detail);
  return result;
}

describe('transformImportEvent', () => {
  it('maps an active row to a customer and a one-item snapshot, every id namespaced by the source', () => {
    const result = recordsOf('cus_1,Ada,ada@example.com,sub_1,2024-03-01T10:00:00Z,active,Pro,USD,49.00,month,1,3,,,,,EU');
    expect(result.event).toEqual({ id: importEventId({ subscriptionId: 'sub_1', effectiveAt: t('2024-03-01T10:00:00Z'), payment: null }), type: 'import.subscription', created: t('2024-03-01T10:00:00Z'), livemode: true, objectId: 'src_1:sub_1', objectCreated: t('2024-03-01T10:00:00Z') });
    expect(result.records.customers).toEqual([{ id: 'src_1:cus_1', email: 'ada@example.com', name: 'Ada', country: null, currency: 'usd', created: t('2024-03-01T10:00:00Z'), deleted: false, metadata: { region: 'EU', external_id: 'cus_1' } }]);
    const [sub] = result.records.subscriptions!;
    expect(sub!.snapshot.eventId).toBe(result.event.id);
    expect(sub!.snapshot.state).toEqual({
      subscriptionId: 'src_1:sub_1', customerId: 'src_1:cus_1', currency: 'usd', status: 'active',
      items: [{ itemId: 'src_1:sub_1:item', priceId: 'src_1:plan:Pro', productId: null, planName: 'Pro', usageType: 'licensed', billingScheme: 'per_unit', unitAmountDecimal: '4900', tiers: null, tiersMode: null, transformQuantity: null, quantity: 3, interval: 'month', intervalCount: 1 }],
      discounts: [], startDate: t('2024-03-01T10:00:00Z'), trialStart: null, trialEnd: null, cancelAtPeriodEnd: false, cancelAt: null, canceledAt: null, endedAt: null, currentPeriodStart: null, currentPeriodEnd: null,
    });
    expect(subscriptionMrr(sub!.snapshot.state, t('2024-03-02'), presetRules('default'))).toBe(14700);
    expect(result.records.invoices).toBeUndefined();
  });

  it.each([
    // [row, status, MRR in minor units under the default preset, what else holds]
    ['c,,,s,2024-03-01,trialing,,usd,20,month,,,,,,,', 'trialing', 0, { trialStart: t('2024-03-01'), trialEnd: null, endedAt: null }],
    ['c,,,s,2024-03-01,past_due,,usd,20,month,,,,,,,', 'past_due', 2000, { endedAt: null }],
    ['c,,,s,2024-03-01,paused,,usd,20,month,,,,,,,', 'paused', 0, { endedAt: null }],
    ['c,,,s,2024-03-01,canceled,,usd,20,month,,,,,,,', 'canceled', 0, { canceledAt: t('2024-03-01'), endedAt: t('2024-03-01') }],
    ['c,,,s,2024-03-01,active,,usd,120,year,,,,,,,', 'active', 1000, {}],
    ['c,,,s,2024-03-01,active,,usd,30,week,2,,,,,,', 'active', 6500, {}],
    ['c,,,s,2024-03-01,active,,jpy,4900,month,,,,,,,', 'active', 4900, { currency: 'jpy' }],
    ['c,,,s,2024-03-01,active,,usd,100,month,,2,12.5,,,,', 'active', 17500, {}],
  ] as const)('%s → %s, MRR %i', (line, status, mrr, fields) => {
    const state = recordsOf(line).records.subscriptions![0]!.snapshot.state;
    expect(state.status).toBe(status);
    expect(state).toMatchObject(fields);
    expect(subscriptionMrr(state, t('2024-03-02'), presetRules('default'))).toBe(mrr);
  });

  it('turns a percent discount into a forever discount, and a plan-less price into a stable synthetic price id', () => {
    const state = recordsOf('c,,,s,2024-03-01,active,,usd,100,month,3,,12.5,,,,').records.subscriptions![0]!.snapshot.state;
    expect(state.discounts).toEqual([{ id: 'src_1:s:discount', couponId: 'src_1:percent:12.5', percentOff: '12.5', amountOff: null, amountOffCurrency: null, duration: 'forever', durationInMonths: null, start: t('2024-03-01'), end: null }]);
    expect(state.items[0]!.priceId).toBe('src_1:price:usd-10000-3month');
  });

  it('gives a canceled row without a price no item', () => {
    expect(recordsOf('c,,,s,2024-03-01,canceled,,usd,,,,,,,,,').records.subscriptions![0]!.snapshot.state.items).toEqual([]);
  });

  it('adds a paid invoice and its payment when the row has one', () => {
    const { records } = recordsOf('c,,,s,2024-03-01,active,Pro,usd,100,month,,,,inv_9,2024-03-01T08:00:00Z,90.00,');
    expect(records.invoices).toEqual([expect.objectContaining({ id: 'src_1:inv_9', customerId: 'src_1:c', subscriptionId: 'src_1:s', status: 'paid', total: 9000, amountPaid: 9000, paidAt: t('2024-03-01T08:00:00Z'), periodStart: t('2024-03-01T08:00:00Z'), periodEnd: t('2024-04-01T08:00:00Z') })]);
    expect(records.payments).toEqual([expect.objectContaining({ id: 'src_1:inv_9:payment', invoiceId: 'src_1:inv_9', customerId: 'src_1:c', status: 'succeeded', amount: 9000, currency: 'usd', created: t('2024-03-01T08:00:00Z') })]);
  });

  it('takes a subscription\'s start and a customer\'s creation from their first row in the file', () => {
    const [later, earlier] = payloads('c,,,s,2024-05-01,active,,usd,1,month,,,,,,,', 'c,,,s,2024-03-01,active,,usd,1,month,,,,,,,');
    expect(later!.import_row).toMatchObject({ subscriptionStartedAt: t('2024-03-01'), customerCreatedAt: t('2024-03-01') });
    expect(earlier!.id).not.toBe(later!.id);
    expect(JSON.stringify(later)).not.toContain('"line"');
  });

  it('gives the same event id for the same subscription, moment and invoice, whatever else changed', () => {
    const [a] = payloads('c,,,s,2024-03-01,active,,usd,1,month,,,,,,,');
    const [b] = payloads('c,,,s,2024-03-01T00:00:00+00:00,active,,usd,2,month,,,,,,,');
    const [c] = payloads('c,,,s,2024-03-01,active,,usd,1,month,,,,in_1,,1,');
    expect(a!.id).toBe(b!.id);
    expect(c!.id).not.toBe(a!.id);
    expect(a!.import_row.unitAmountDecimal).not.toBe(b!.import_row.unitAmountDecimal);
  });

  it('hashes the content: the same row with its columns in another order has the same hash, a changed cell another', () => {
    const a = importPayloads('src_1', parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval,region,tier\nc,s,2024-03-01,active,usd,1,month,EU,gold\n').rows)[0]!;
    const b = importPayloads('src_1', parseImportFile('tier,region,interval,amount,currency,status,effective_at,subscription_id,customer_id\n\ngold,EU,month,1.00,USD,active,2024-03-01,s,c\n').rows)[0]!;
    const c = importPayloads('src_1', parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval,region,tier\nc,s,2024-03-01,active,usd,1,month,US,gold\n').rows)[0]!;
    const d = importPayloads('src_2', parseImportFile('customer_id,subscription_id,effective_at,status,currency,amount,interval,region,tier\nc,s,2024-03-01,active,usd,1,month,EU,gold\n').rows)[0]!;
    expect(b.hash).toBe(a.hash);
    expect(c.id).toBe(a.id);
    expect(c.hash).not.toBe(a.hash);
    expect(d.hash).not.toBe(a.hash);
  });

  it('is the transform of the import provider, and drops a payload that is not an import row as malformed', () => {
    expect(transformFor('import')).toBe(transformImportEvent);
    const result = transformImportEvent({ object: 'import_row', id: 'imp_x', source_id: 'src_1', import_row: { customerId: 'c' } });
    expect(result).toMatchObject({ ok: false, drop: 'malformed', event: { id: 'imp_x' } });
    expect(transformImportEvent(null)).toMatchObject({ ok: false, drop: 'malformed', event: null });
  });
});
