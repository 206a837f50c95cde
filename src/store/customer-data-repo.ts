// Everything stored about one end customer, found by the ids it is known by: its own customer id
// and those linked to it (customer_identities), its product accounts (cs_accounts) and their
// tracking users (cs_users), its e-mails, and the raw provider events that name any of them.
// CUSTOMER_TABLES says, per table, which rows are the customer's: export reads them, an erasure
// rewrites them (personal-data-sweep.ts) and a delete removes the non-revenue ones.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { containsPattern } from './personal-data-sweep.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type CustomerScope = {
  workspaceId: string;
  /** The customer every linked id counts as (customer_identities), or the id asked about. */
  canonicalId: string;
  customerIds: string[];
  accountIds: string[];
  userIds: string[];
  emails: string[];
  /** LIKE patterns for payloads naming the customer: each id as a JSON string, a PayPal payer id. */
  idPatterns: string[];
  /** An import customer's id within its source (stored ids are `source:customer`). */
  sourceIds: { sourceId: string; pattern: string }[];
};

const text = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;

/** The customer's scope, or null when nothing at all is stored about this id. */
export async function resolveCustomer(db: Db, workspaceId: string, customerId: string): Promise<CustomerScope | null> {
  const link = await db.selectFrom('customer_identities').select('canonical_id').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).executeTakeFirst();
  const canonicalId = link?.canonical_id ?? customerId;
  const aliases = await db.selectFrom('customer_identities').select('customer_id').where('workspace_id', '=', workspaceId).where('canonical_id', '=', canonicalId).execute();
  const customerIds = [...new Set([canonicalId, customerId, ...aliases.map((a) => a.customer_id)])].sort();
  const known = await sql<{ n: number }>`
    select (select count(*) from customers where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from subscription_snapshots where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from customer_summaries where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from cs_accounts where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from support_tickets where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from survey_responses where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from invoices where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}))
      + (select count(*) from payments where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)})) as n`.execute(db);
  if (Number(known.rows[0]?.n ?? 0) === 0) return null;

  const accounts = await db.selectFrom('cs_accounts').select('account_id').where('workspace_id', '=', workspaceId).where('customer_id', 'in', customerIds).execute();
  const accountIds = accounts.map((a) => a.account_id).sort();
  const users = accountIds.length === 0 ? [] : await db.selectFrom('cs_users').select(['user_id', 'email']).where('workspace_id', '=', workspaceId).where('account_id', 'in', accountIds).execute();
  const emailRows = await sql<{ email: string }>`
    select email from customers where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}) and email is not null
    union select email from customer_summaries where workspace_id = ${workspaceId} and customer_id = any(${text(customerIds)}) and email is not null`.execute(db);
  const emails = [...new Set([...emailRows.rows.map((r) => r.email), ...users.flatMap((u) => (u.email ? [u.email] : []))].map((e) => e.trim()).filter((e) => e.includes('@')))].sort();

  const sources = await db.selectFrom('sources').select('source_id').where('workspace_id', '=', workspaceId).execute();
  const sourceIds: CustomerScope['sourceIds'] = [];
  const idPatterns: string[] = [];
  for (const id of customerIds) {
    idPatterns.push(containsPattern(JSON.stringify(id)));
    if (id.startsWith('paypal_')) idPatterns.push(containsPattern(JSON.stringify(id.slice('paypal_'.length))));
    const source = sources.find((s) => id.startsWith(`${s.source_id}:`));
    if (source) sourceIds.push({ sourceId: source.source_id, pattern: containsPattern(JSON.stringify(id.slice(source.source_id.length + 1))) });
  }
  return { workspaceId, canonicalId, customerIds, accountIds, userIds: users.map((u) => u.user_id).sort(), emails, idPatterns, sourceIds };
}

/** Why a table is listed: revenue history (kept, anonymised), product and support data (removed
 *  by a delete), logs and copies (anonymised), and raw provider payloads (anonymised). */
export type TableRole = 'revenue' | 'non-revenue' | 'log' | 'raw';

export type CustomerTable = { table: string; role: TableRole; about: (s: CustomerScope) => RawBuilder<unknown> };

const ids = (s: CustomerScope) => text(s.customerIds);
const byCustomer = (s: CustomerScope) => sql`workspace_id = ${s.workspaceId} and customer_id = any(${ids(s)})`;
const byAccount = (s: CustomerScope) => sql`workspace_id = ${s.workspaceId} and account_id = any(${text(s.accountIds)})`;
const emailPatterns = (s: CustomerScope) => s.emails.map(containsPattern);
/** The JSON column names the customer: one of its ids or e-mails, as a whole string. The column
 *  is lower-cased text once per row and matched with LIKE (ILIKE is several times slower). */
const mentions = (s: CustomerScope, column: string, bySource = false) => {
  const patterns = [...s.idPatterns, ...emailPatterns(s)].map((p) => p.toLowerCase());
  const parts = [sql`lower(${sql.ref(column)}::text) like any(${text(patterns)})`];
  if (bySource) for (const src of s.sourceIds) parts.push(sql`(source_id = ${src.sourceId} and ${sql.ref(column)}::text like ${src.pattern})`);
  return sql`(${sql.join(parts, sql` or `)})`;
};
/** Rows about one of the customer's payments (refunds, disputes). */
const byPayment = (s: CustomerScope) => sql`workspace_id = ${s.workspaceId} and payment_id in (select payment_id from payments where workspace_id = ${s.workspaceId} and customer_id = any(${ids(s)}))`;
const byEmail = (s: CustomerScope) => sql`lower(btrim(coalesce(email, ''))) = any(${text(s.emails.map((e) => e.toLowerCase()))})`;

export const CUSTOMER_TABLES: readonly CustomerTable[] = [
  { table: 'customers', role: 'revenue', about: byCustomer },
  { table: 'customer_summaries', role: 'revenue', about: byCustomer },
  { table: 'subscription_snapshots', role: 'revenue', about: byCustomer },
  { table: 'invoices', role: 'revenue', about: byCustomer },
  { table: 'invoice_payments', role: 'revenue', about: (s) => sql`workspace_id = ${s.workspaceId} and invoice_id in (select invoice_id from invoices where workspace_id = ${s.workspaceId} and customer_id = any(${ids(s)}))` },
  { table: 'payments', role: 'revenue', about: byCustomer },
  { table: 'refunds', role: 'revenue', about: byPayment },
  { table: 'disputes', role: 'revenue', about: byPayment },
  { table: 'credit_notes', role: 'revenue', about: byCustomer },
  { table: 'discounts', role: 'revenue', about: byCustomer },
  { table: 'trials', role: 'revenue', about: byCustomer },
  { table: 'ledger_entries', role: 'revenue', about: byCustomer },
  { table: 'plan_ledger_entries', role: 'revenue', about: byCustomer },
  { table: 'paying_spells', role: 'revenue', about: byCustomer },
  { table: 'customer_identities', role: 'revenue', about: (s) => sql`workspace_id = ${s.workspaceId} and (customer_id = any(${ids(s)}) or canonical_id = any(${ids(s)}))` },
  { table: 'customer_identity_unlinks', role: 'revenue', about: byCustomer },
  { table: 'cs_accounts', role: 'non-revenue', about: byCustomer },
  { table: 'cs_users', role: 'non-revenue', about: byAccount },
  { table: 'usage_daily', role: 'non-revenue', about: byAccount },
  { table: 'usage_daily_users', role: 'non-revenue', about: byAccount },
  { table: 'user_activity_daily', role: 'non-revenue', about: byAccount },
  {
    table: 'signal_events', role: 'non-revenue',
    about: (s) => sql`workspace_id = ${s.workspaceId} and (user_id = any(${text(s.userIds)}) or group_id = any(${text(s.accountIds)}) or ${mentions(s, 'payload')})`,
  },
  { table: 'support_tickets', role: 'non-revenue', about: (s) => sql`workspace_id = ${s.workspaceId} and (customer_id = any(${ids(s)}) or account_id = any(${text(s.accountIds)}) or ${byEmail(s)})` },
  { table: 'survey_responses', role: 'non-revenue', about: (s) => sql`workspace_id = ${s.workspaceId} and (customer_id = any(${ids(s)}) or account_id = any(${text(s.accountIds)}) or ${byEmail(s)})` },
  { table: 'health_snapshots', role: 'non-revenue', about: byCustomer },
  { table: 'risk_scores', role: 'non-revenue', about: byCustomer },
  { table: 'alert_deliveries', role: 'non-revenue', about: (s) => sql`workspace_id = ${s.workspaceId} and alert_id in (select alert_id from alerts where workspace_id = ${s.workspaceId} and customer_id = any(${ids(s)}))` },
  { table: 'alerts', role: 'non-revenue', about: byCustomer },
  { table: 'raw_events', role: 'raw', about: (s) => sql`workspace_id = ${s.workspaceId} and ${mentions(s, 'payload', true)}` },
  { table: 'sync_staging', role: 'raw', about: (s) => sql`workspace_id = ${s.workspaceId} and ${mentions(s, 'payload', true)}` },
  { table: 'live_messages', role: 'log', about: (s) => sql`workspace_id = ${s.workspaceId} and ${mentions(s, 'payload')}` },
  { table: 'live_outbox', role: 'log', about: (s) => sql`workspace_id = ${s.workspaceId} and ${mentions(s, 'data')}` },
  { table: 'audit_log', role: 'log', about: (s) => sql`workspace_id = ${s.workspaceId} and (target_id = any(${ids(s)}) or ${mentions(s, 'detail')})` },
  { table: 'gdpr_requests', role: 'log', about: byCustomer },
];

/** The customer's rows of one table as JSON objects (timestamps ISO, bytea columns left out). */
export async function customerRowsOf(db: Db, spec: CustomerTable, scope: CustomerScope): Promise<Record<string, unknown>[]> {
  const drop = spec.table === 'gdpr_requests' ? sql` - 'artifact'` : sql``;
  const result = await sql<{ row: Record<string, unknown> }>`
    select to_jsonb(t)${drop} as row from ${sql.table(spec.table)} t where ${spec.about(scope)} order by 1`.execute(db);
  return result.rows.map((r) => r.row);
}

/** The customer's rows of one table, locked for an erasure, each with its row address (ctid). */
export async function lockCustomerRows(trx: Transaction<Database>, spec: CustomerTable, scope: CustomerScope): Promise<{ rid: string; row: Record<string, unknown> }[]> {
  const result = await sql<{ rid: string; row: Record<string, unknown> }>`
    select ctid::text as rid, to_jsonb(t) as row from ${sql.table(spec.table)} t where ${spec.about(scope)} for update`.execute(trx);
  return result.rows;
}

/** Removes the customer's rows of a table; returns how many. */
export async function deleteCustomerRows(trx: Transaction<Database>, spec: CustomerTable, scope: CustomerScope): Promise<number> {
  const result = await sql`delete from ${sql.table(spec.table)} where ${spec.about(scope)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Drops the ZIPs of earlier exports about the customer (they hold everything the erasure removes). */
export async function dropExportArtifacts(trx: Transaction<Database>, scope: CustomerScope): Promise<number> {
  const result = await sql`
    update gdpr_requests set artifact = null
    where workspace_id = ${scope.workspaceId} and kind = 'export' and customer_id = any(${ids(scope)}) and artifact is not null`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
