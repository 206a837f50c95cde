// Events arriving after a customer was erased: which payloads name them (by id, PayPal payer id,
// an import row's id within its source, or a personal value known only by hash), and what is
// left of those payloads. Other payloads pass through untouched (the same object).
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/compliance/export-files.js';
import { scrubForErased, valueHash, type ErasedSubjects } from '../../../src/store/erased-customers-repo.js';

const WS = 'ws_gdpr';
const PSEUDONYM = { name: 'Customer 0123456789', email: 'customer-0123456789@anonymised.invalid' };
const subjects: ErasedSubjects = {
  workspaceId: WS,
  byId: new Map(['cus_erased', 'paypal_ERASEDPAYER', 'src_imp:dana', 'u-dana'].map((id) => [id, PSEUDONYM])),
  byHash: new Map(['dana@erased.example', 'Dana Quist', '77 Rue des Effacements'].map((v) => [valueHash(WS, v), PSEUDONYM])),
};

const cases: { name: string; payload: Record<string, unknown>; sourceId: string | null; gone: string[]; kept: string[] }[] = [
  {
    name: 'a Stripe customer.updated for the erased id',
    payload: { type: 'customer.updated', data: { object: { id: 'cus_erased', object: 'customer', name: 'New Name Entirely', email: 'new@else.example', address: { line1: '1 New Road', country: 'FR' } } } },
    sourceId: 'src_stripe', gone: ['New Name Entirely', 'new@else.example', '1 New Road'], kept: ['cus_erased', '"country":"FR"', PSEUDONYM.name],
  },
  {
    name: 'a PayPal subscription naming the payer id',
    payload: { event_type: 'BILLING.SUBSCRIPTION.UPDATED', resource: { id: 'I-1', plan_id: 'P-1', subscriber: { payer_id: 'ERASEDPAYER', email_address: 'dana@erased.example', name: { given_name: 'Dana', surname: 'Quist' } } } },
    sourceId: 'src_paypal', gone: ['dana@erased.example', '"Dana"', 'Quist'], kept: ['ERASEDPAYER', 'P-1', PSEUDONYM.email],
  },
  {
    name: 'an import row of the same source',
    payload: { object: 'import_row', id: 'imp_1', source_id: 'src_imp', import_row: { customerId: 'dana', customerName: 'Dana Q.', customerEmail: 'dq@x.example', plan: 'Legacy' } },
    sourceId: 'src_imp', gone: ['Dana Q.', 'dq@x.example'], kept: ['"plan":"Legacy"', '"customerId":"dana"'],
  },
  {
    name: 'a tracking identify under a new user id, recognised by the e-mail hash (case and spaces aside)',
    payload: { type: 'identify', userId: 'u-new', traits: { email: ' DANA@erased.example ', nickname: 'Dana Quist' } },
    sourceId: null, gone: ['DANA@erased.example', 'Dana Quist'], kept: ['u-new'],
  },
];

describe('scrubForErased', () => {
  it.each(cases)('$name', ({ payload, sourceId, gone, kept }) => {
    const after = JSON.stringify(scrubForErased(subjects, payload, sourceId));
    for (const value of gone) expect(after).not.toContain(value);
    for (const value of kept) expect(after).toContain(value);
  });

  it('leaves other payloads alone: the same object back', () => {
    const other = { type: 'customer.updated', data: { object: { id: 'cus_other', object: 'customer', name: 'Omar', email: 'omar@keep.example' } } };
    expect(scrubForErased(subjects, other, 'src_stripe')).toBe(other);
    // An import row id is only the erased customer's within its own source.
    const elsewhere = { object: 'import_row', import_row: { customerId: 'dana', customerName: 'Another Dana' } };
    expect(scrubForErased(subjects, elsewhere, 'src_other')).toBe(elsewhere);
  });

  it('hashes are per workspace: the same e-mail elsewhere is not recognised', () => {
    expect(valueHash(WS, 'dana@erased.example')).toBe(valueHash(WS, '  Dana@Erased.Example'));
    expect(valueHash('ws_other', 'dana@erased.example')).not.toBe(valueHash(WS, 'dana@erased.example'));
  });
});

describe('toCsv (export files)', () => {
  it('one column per field, nested JSON as text, quotes doubled, formulas neutralised, numbers as numbers', () => {
    const csv = toCsv([{ id: 'a', amount: -1250, record: { name: 'A, "B"' } }, { id: '=HYPERLINK("x")', extra: null }]);
    expect(csv).toBe('id,amount,record,extra\r\na,-1250,"{""name"":""A, \\""B\\""""}",\r\n"\'=HYPERLINK(""x"")",,,\r\n');
  });
});
