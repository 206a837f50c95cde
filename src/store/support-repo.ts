// Support tickets and survey responses: the lookups that match a row to a billing customer
// (customers by id, e-mail and e-mail domain; product accounts linked to customers), the stored
// rows a write compares against, and the idempotent upserts. Every query is scoped by workspace.
import { sql, type Kysely } from 'kysely';
import { scrubIncoming } from './erased-customers-repo.js';
import type { Database } from './schema.js';
import type { SignalSource, SurveyKind, TicketPriority, TicketStatus } from './schema-success.js';

const CHUNK = 1000;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

export type CustomerEmailRow = { customer_id: string; email: string; deleted: boolean; created_at: Date | null };

/** Which of these ids are customers of the workspace. */
export async function existingCustomerIds(db: Kysely<Database>, workspaceId: string, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('customers').select('customer_id').where('workspace_id', '=', workspaceId).where('customer_id', 'in', part).execute();
    found.push(...rows.map((r) => r.customer_id));
  }
  return found;
}

/** Customers whose e-mail (lower-cased) is one of these. */
export async function customersByEmail(db: Kysely<Database>, workspaceId: string, emails: readonly string[]): Promise<CustomerEmailRow[]> {
  const found: CustomerEmailRow[] = [];
  for (const part of chunks([...new Set(emails.map((e) => e.toLowerCase()))])) {
    const rows = await db.selectFrom('customers')
      .select(['customer_id', sql<string>`lower(email)`.as('email'), 'deleted', 'created_at'])
      .where('workspace_id', '=', workspaceId).where(sql`lower(email)`, 'in', part).execute();
    found.push(...rows);
  }
  return found;
}

/** Domain → the one customer (not deleted) with an address there, for these domains; a domain
 *  several customers share is left out. */
export async function soleCustomerByDomain(db: Kysely<Database>, workspaceId: string, domains: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(domains.map((d) => d.toLowerCase()))])) {
    const rows = await db.selectFrom('customers')
      .select([sql<string>`lower(split_part(email, '@', 2))`.as('domain'), sql<string>`min(customer_id)`.as('customer_id')])
      .where('workspace_id', '=', workspaceId).where('deleted', '=', false).where('email', 'is not', null)
      .where(sql`lower(split_part(email, '@', 2))`, 'in', part)
      .groupBy(sql`lower(split_part(email, '@', 2))`)
      .having(sql`count(distinct customer_id)`, '=', 1)
      .execute();
    for (const r of rows) out.set(r.domain, r.customer_id);
  }
  return out;
}

/** Account id → the customer it is linked to, for these accounts (unlinked ones left out). */
export async function linkedCustomersOfAccounts(db: Kysely<Database>, workspaceId: string, accountIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(accountIds)])) {
    const rows = await db.selectFrom('cs_accounts').select(['account_id', 'customer_id'])
      .where('workspace_id', '=', workspaceId).where('account_id', 'in', part).where('customer_id', 'is not', null).execute();
    for (const r of rows) out.set(r.account_id, r.customer_id!);
  }
  return out;
}

export type TicketRow = {
  ticket_id: string;
  customer_id: string | null;
  account_id: string | null;
  email: string | null;
  subject: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  opened_at: Date;
  first_response_at: Date | null;
  closed_at: Date | null;
  satisfaction: number | null;
};

export type SurveyRow = {
  response_id: string;
  kind: SurveyKind;
  customer_id: string | null;
  account_id: string | null;
  email: string | null;
  score: number;
  comment: string | null;
  responded_at: Date;
};

const TICKET_COLUMNS = ['ticket_id', 'customer_id', 'account_id', 'email', 'subject', 'status', 'priority', 'opened_at', 'first_response_at', 'closed_at', 'satisfaction'] as const;
const SURVEY_COLUMNS = ['response_id', 'kind', 'customer_id', 'account_id', 'email', 'score', 'comment', 'responded_at'] as const;

/** The stored tickets with these ids. */
export async function ticketsById(db: Kysely<Database>, workspaceId: string, ids: readonly string[]): Promise<TicketRow[]> {
  const found: TicketRow[] = [];
  for (const part of chunks(ids)) {
    found.push(...(await db.selectFrom('support_tickets').select(TICKET_COLUMNS).where('workspace_id', '=', workspaceId).where('ticket_id', 'in', part).execute()));
  }
  return found;
}

/** The stored survey responses with these ids. */
export async function surveyResponsesById(db: Kysely<Database>, workspaceId: string, ids: readonly string[]): Promise<SurveyRow[]> {
  const found: SurveyRow[] = [];
  for (const part of chunks(ids)) {
    found.push(...(await db.selectFrom('survey_responses').select(SURVEY_COLUMNS).where('workspace_id', '=', workspaceId).where('response_id', 'in', part).execute()));
  }
  return found;
}

const UPSERT_CHUNK = 500;

/** GDPR: a ticket or response naming a customer erased earlier is stored with its e-mail replaced
 *  by their pseudonym's and its free text (subject, comment) dropped. */
async function scrubErasedRows<T extends TicketRow | SurveyRow>(db: Kysely<Database>, workspaceId: string, rows: readonly T[], personal: (row: T) => Record<string, string | null>): Promise<T[]> {
  const scrubbed = await scrubIncoming(
    db,
    rows.map((row) => ({ workspaceId, row })),
    (r) => ({ payload: personal(r.row), sourceId: null }),
    (r, payload) => ({ workspaceId, row: { ...r.row, ...(payload as Record<string, string | null>) } }),
  );
  return scrubbed.map((r) => r.row);
}

/** Inserts or replaces these tickets (by id), stamping them with `source` and `at`. */
export async function upsertTickets(db: Kysely<Database>, workspaceId: string, incoming: readonly TicketRow[], source: SignalSource, at: Date): Promise<void> {
  const rows = await scrubErasedRows(db, workspaceId, incoming, (r) => ({ customer_id: r.customer_id, account_id: r.account_id, email: r.email, subject: r.subject }));
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await db.insertInto('support_tickets')
      .values(rows.slice(i, i + UPSERT_CHUNK).map((r) => ({ ...r, workspace_id: workspaceId, source, updated_at: at })))
      .onConflict((oc) => oc.columns(['workspace_id', 'ticket_id']).doUpdateSet((eb) => ({
        customer_id: eb.ref('excluded.customer_id'), account_id: eb.ref('excluded.account_id'), email: eb.ref('excluded.email'),
        subject: eb.ref('excluded.subject'), status: eb.ref('excluded.status'), priority: eb.ref('excluded.priority'),
        opened_at: eb.ref('excluded.opened_at'), first_response_at: eb.ref('excluded.first_response_at'), closed_at: eb.ref('excluded.closed_at'),
        satisfaction: eb.ref('excluded.satisfaction'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at'),
      })))
      .execute();
  }
}

/** Inserts or replaces these survey responses (by id), stamping them with `source` and `at`. */
export async function upsertSurveyResponses(db: Kysely<Database>, workspaceId: string, incoming: readonly SurveyRow[], source: SignalSource, at: Date): Promise<void> {
  const rows = await scrubErasedRows(db, workspaceId, incoming, (r) => ({ customer_id: r.customer_id, account_id: r.account_id, email: r.email, comment: r.comment }));
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await db.insertInto('survey_responses')
      .values(rows.slice(i, i + UPSERT_CHUNK).map((r) => ({ ...r, workspace_id: workspaceId, source, updated_at: at })))
      .onConflict((oc) => oc.columns(['workspace_id', 'response_id']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), customer_id: eb.ref('excluded.customer_id'), account_id: eb.ref('excluded.account_id'),
        email: eb.ref('excluded.email'), score: eb.ref('excluded.score'), comment: eb.ref('excluded.comment'),
        responded_at: eb.ref('excluded.responded_at'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at'),
      })))
      .execute();
  }
}

