// Upserts of provider records. Each row remembers the event time that wrote it (version_at); an
// older event never overwrites a newer one, whatever order events arrive in. Subscription
// snapshots are append-only (history is the list of snapshots, not the last one).
import { sql, type Transaction } from 'kysely';
import type { NormalizedRecords } from '../core/records.js';
import type { Database } from './schema.js';
import { attachSubscriptionCustomers } from './payment-customers.js';

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

type Row = { workspace_id: string; version_at: number; version_rank: number; record: string } & Record<string, unknown>;

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

// Within one second, the version further along its lifecycle is the newer one (provider event
// ids carry no order). Higher = later.
const INVOICE_RANK: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };
const PAYMENT_RANK: Record<string, number> = { pending: 0, failed: 1, succeeded: 2 };
const REFUND_RANK: Record<string, number> = { pending: 0, requires_action: 1, succeeded: 2, failed: 2, canceled: 2 };
const DISPUTE_RANK: Record<string, number> = { warning_needs_response: 0, warning_under_review: 1, warning_closed: 2, needs_response: 1, under_review: 2, won: 3, lost: 3, prevented: 3 };
const rank = (table: Record<string, number>, status: string | null) => (status === null ? 0 : (table[status] ?? 0));

function rowsOf(input: SourcedRecords): Array<[VersionedTable, Row]> {
  const { workspaceId: ws, version, records: r } = input;
  const base = (record: unknown, versionRank = 0) => ({ workspace_id: ws, version_at: version, version_rank: versionRank, record: JSON.stringify(record) });
  const out: Array<[VersionedTable, Row]> = [];
  for (const c of r.customers ?? []) {
    out.push(['customers', { ...base(c, c.deleted ? 1 : 0), customer_id: c.id, source_id: input.sourceId, email: c.email, name: c.name, country: c.country, currency: c.currency, created_at: toDate(c.created), deleted: c.deleted }]);
  }
  for (const d of r.discounts ?? []) {
    out.push(['discounts', { ...base(d, d.deleted ? 1 : 0), discount_id: d.id, customer_id: d.customerId, subscription_id: d.subscriptionId, deleted: d.deleted }]);
  }
  for (const c of r.coupons ?? []) out.push(['coupons', { ...base(c, c.deleted ? 1 : 0), coupon_id: c.id }]);
  for (const p of r.products ?? []) out.push(['products', { ...base(p, p.deleted ? 1 : 0), product_id: p.id, name: p.name }]);
  for (const p of r.prices ?? []) out.push(['prices', { ...base(p, p.deleted ? 1 : 0), price_id: p.id, product_id: p.productId }]);
  for (const i of r.invoices ?? []) {
    out.push(['invoices', { ...base(i, i.deleted ? 4 : rank(INVOICE_RANK, i.status)), invoice_id: i.id, customer_id: i.customerId, subscription_id: i.subscriptionId, status: i.status, currency: i.currency, total: i.total, amount_paid: i.amountPaid, created_at: toDate(i.created) }]);
  }
  for (const p of r.invoicePayments ?? []) {
    out.push(['invoice_payments', { ...base(p, p.status === 'open' ? 0 : 1), invoice_payment_id: p.id, invoice_id: p.invoiceId, payment_id: p.chargeId }]);
  }
  for (const p of r.payments ?? []) {
    const refundedRank = p.amountRefunded > 0 ? (p.refunded ? 2 : 1) : 0;
    out.push(['payments', { ...base(p, rank(PAYMENT_RANK, p.status) * 4 + refundedRank + (p.disputed ? 1 : 0)), payment_id: p.id, customer_id: p.customerId, invoice_id: p.invoiceId, status: p.status, currency: p.currency, amount: p.amount, amount_refunded: p.amountRefunded, failure_code: p.failureCode, created_at: toDate(p.created) }]);
  }
  for (const f of r.refunds ?? []) {
    out.push(['refunds', { ...base(f, rank(REFUND_RANK, f.status)), refund_id: f.id, payment_id: f.chargeId, status: f.status, currency: f.currency, amount: f.amount, created_at: toDate(f.created) }]);
  }
  for (const d of r.disputes ?? []) {
    out.push(['disputes', { ...base(d, rank(DISPUTE_RANK, d.status)), dispute_id: d.id, payment_id: d.chargeId, status: d.status, currency: d.currency, amount: d.amount, created_at: toDate(d.created) }]);
  }
  for (const n of r.creditNotes ?? []) {
    out.push(['credit_notes', { ...base(n, n.status === 'void' ? 1 : 0), credit_note_id: n.id, invoice_id: n.invoiceId, customer_id: n.customerId, status: n.status, currency: n.currency, amount: n.amount, created_at: toDate(n.created) }]);
  }
  return out;
}

/** Orders two versions of one row: by event time, then by lifecycle rank. */
function compareVersions(a: Row, b: Row): number {
  return a.version_at - b.version_at || a.version_rank - b.version_rank;
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
      const order = current ? compareVersions(current.row, row) : -1;
      if (order <= 0) newest.set(key, { table, row, eventIds: [...(current && order === 0 ? current.eventIds : []), input.eventId] });
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
            .where(sql<boolean>`(${sql.ref(`${table}.version_at`)}, ${sql.ref(`${table}.version_rank`)}) <= (excluded.version_at, excluded.version_rank)`),
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
  await attachSubscriptionCustomers(trx, batch);
  return { staleEventIds };
}

/** Removes the subscription snapshots these events wrote (an import row about to be replaced by
 *  its corrected version) and returns their customers, whose ledgers must be recomputed. */
export async function deleteSnapshotsOfEvents(
  trx: Transaction<Database>,
  workspaceId: string,
  snapshots: readonly { subscriptionId: string; effectiveAt: number; eventId: string }[],
): Promise<string[]> {
  const customers = new Set<string>();
  for (let i = 0; i < snapshots.length; i += BATCH) {
    const keys = snapshots.slice(i, i + BATCH).map((s) => ({ s: s.subscriptionId, t: s.effectiveAt, e: s.eventId }));
    const result = await sql<{ customer_id: string }>`
      delete from subscription_snapshots o
      using jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(s text, t bigint, e text)
      where o.workspace_id = ${workspaceId} and o.subscription_id = k.s and o.effective_at = k.t and o.event_id = k.e
      returning o.customer_id`.execute(trx);
    for (const row of result.rows) customers.add(row.customer_id);
  }
  return [...customers];
}
