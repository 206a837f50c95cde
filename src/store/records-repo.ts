// Upserts of provider records. Each row remembers the event time that wrote it (version_at); an
// older event never overwrites a newer one, whatever order events arrive in. Subscription
// snapshots are append-only (history is the list of snapshots, not the last one).
import type { Transaction } from 'kysely';
import type { NormalizedRecords } from '../ingest/records.js';
import type { Database } from './schema.js';

const BATCH = 500;

/** Records of one event, tagged with where they came from and the version they carry. */
export type SourcedRecords = {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  version: number;
  records: NormalizedRecords;
};

type VersionedTable = 'customers' | 'discounts' | 'coupons' | 'products' | 'prices' | 'invoices' | 'invoice_payments' | 'payments' | 'refunds' | 'disputes' | 'credit_notes';

type Row = { workspace_id: string; version_at: number; record: string } & Record<string, unknown>;

const KEYS: Record<VersionedTable, string> = {
  customers: 'customer_id',
  discounts: 'discount_id',
  coupons: 'coupon_id',
  products: 'product_id',
  prices: 'price_id',
  invoices: 'invoice_id',
  invoice_payments: 'invoice_payment_id',
  payments: 'payment_id',
  refunds: 'refund_id',
  disputes: 'dispute_id',
  credit_notes: 'credit_note_id',
};

const toDate = (t: number) => new Date(t * 1000);

function rowsOf(input: SourcedRecords): Array<[VersionedTable, Row]> {
  const { workspaceId: ws, version, records: r } = input;
  const base = (record: unknown) => ({ workspace_id: ws, version_at: version, record: JSON.stringify(record) });
  const out: Array<[VersionedTable, Row]> = [];
  for (const c of r.customers ?? []) {
    out.push(['customers', { ...base(c), customer_id: c.id, source_id: input.sourceId, email: c.email, name: c.name, country: c.country, currency: c.currency, created_at: toDate(c.created), deleted: c.deleted }]);
  }
  for (const d of r.discounts ?? []) {
    out.push(['discounts', { ...base(d), discount_id: d.id, customer_id: d.customerId, subscription_id: d.subscriptionId, deleted: d.deleted }]);
  }
  for (const c of r.coupons ?? []) out.push(['coupons', { ...base(c), coupon_id: c.id }]);
  for (const p of r.products ?? []) out.push(['products', { ...base(p), product_id: p.id, name: p.name }]);
  for (const p of r.prices ?? []) out.push(['prices', { ...base(p), price_id: p.id, product_id: p.productId }]);
  for (const i of r.invoices ?? []) {
    out.push(['invoices', { ...base(i), invoice_id: i.id, customer_id: i.customerId, subscription_id: i.subscriptionId, status: i.status, currency: i.currency, total: i.total, amount_paid: i.amountPaid, created_at: toDate(i.created) }]);
  }
  for (const p of r.invoicePayments ?? []) {
    out.push(['invoice_payments', { ...base(p), invoice_payment_id: p.id, invoice_id: p.invoiceId, payment_id: p.chargeId }]);
  }
  for (const p of r.payments ?? []) {
    out.push(['payments', { ...base(p), payment_id: p.id, customer_id: p.customerId, invoice_id: p.invoiceId, status: p.status, currency: p.currency, amount: p.amount, amount_refunded: p.amountRefunded, failure_code: p.failureCode, created_at: toDate(p.created) }]);
  }
  for (const f of r.refunds ?? []) {
    out.push(['refunds', { ...base(f), refund_id: f.id, payment_id: f.chargeId, status: f.status, currency: f.currency, amount: f.amount, created_at: toDate(f.created) }]);
  }
  for (const d of r.disputes ?? []) {
    out.push(['disputes', { ...base(d), dispute_id: d.id, payment_id: d.chargeId, status: d.status, currency: d.currency, amount: d.amount, created_at: toDate(d.created) }]);
  }
  for (const n of r.creditNotes ?? []) {
    out.push(['credit_notes', { ...base(n), credit_note_id: n.id, invoice_id: n.invoiceId, customer_id: n.customerId, status: n.status, currency: n.currency, amount: n.amount, created_at: toDate(n.created) }]);
  }
  return out;
}

export type UpsertOutcome = {
  /** Events none of whose records could be written because newer versions are stored. */
  staleEventIds: Set<string>;
};

export async function upsertRecords(trx: Transaction<Database>, batch: readonly SourcedRecords[]): Promise<UpsertOutcome> {
  // Within a batch keep only the newest version per row; on a tie the later event wins.
  const newest = new Map<string, { table: VersionedTable; row: Row; eventIds: string[] }>();
  const eventsWithVersioned = new Map<string, Set<string>>();
  for (const input of batch) {
    for (const [table, row] of rowsOf(input)) {
      const key = `${table}|${row.workspace_id}|${String(row[KEYS[table]])}`;
      (eventsWithVersioned.get(input.eventId) ?? eventsWithVersioned.set(input.eventId, new Set()).get(input.eventId)!).add(key);
      const current = newest.get(key);
      if (!current || current.row.version_at <= row.version_at) {
        newest.set(key, { table, row, eventIds: [...(current && current.row.version_at === row.version_at ? current.eventIds : []), input.eventId] });
      }
    }
  }
  const written = new Set<string>();
  const byTable = new Map<VersionedTable, Row[]>();
  for (const { table, row } of newest.values()) (byTable.get(table) ?? byTable.set(table, []).get(table)!).push(row);
  for (const [table, rows] of byTable) {
    const key = KEYS[table];
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const columns = Object.keys(chunk[0]!).filter((c) => c !== 'workspace_id' && c !== key);
      // Dynamic table names defeat Kysely's row typing here; the columns come from rowsOf above.
      const result = await (trx as unknown as Transaction<Record<string, Row>>)
        .insertInto(table)
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', key])
            .doUpdateSet(Object.fromEntries(columns.map((c) => [c, (eb: { ref: (r: string) => unknown }) => eb.ref(`excluded.${c}`)])) as never)
            .where((eb) => eb(`${table}.version_at` as never, '<=', eb.ref('excluded.version_at' as never))),
        )
        .returning(['workspace_id', key])
        .execute();
      for (const r of result) written.add(`${table}|${String(r.workspace_id)}|${String(r[key])}`);
    }
  }
  const staleEventIds = new Set<string>();
  for (const [eventId, keys] of eventsWithVersioned) {
    const wonSomewhere = [...keys].some((k) => written.has(k) && newest.get(k)?.eventIds.includes(eventId));
    if (!wonSomewhere) staleEventIds.add(eventId);
  }
  // Snapshots: append-only, so never stale.
  const snapshots = batch.flatMap((input) =>
    (input.records.subscriptions ?? []).map((s) => ({
      workspace_id: input.workspaceId,
      subscription_id: s.snapshot.state.subscriptionId,
      effective_at: s.snapshot.effectiveAt,
      event_id: s.snapshot.eventId,
      source_id: input.sourceId,
      customer_id: s.snapshot.state.customerId,
      state: JSON.stringify(s.snapshot.state),
      unresolved_discount_ids: JSON.stringify(s.unresolvedDiscountIds),
      unresolved_tier_price_ids: JSON.stringify(s.unresolvedTierPriceIds),
    })),
  );
  for (const input of batch) if (input.records.subscriptions?.length) staleEventIds.delete(input.eventId);
  for (let i = 0; i < snapshots.length; i += BATCH) {
    await trx
      .insertInto('subscription_snapshots')
      .values(snapshots.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['workspace_id', 'subscription_id', 'effective_at', 'event_id']).doNothing())
      .execute();
  }
  return { staleEventIds };
}
