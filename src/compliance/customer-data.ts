// Everything held about one end customer (a billing customer of a workspace), for GDPR: export it,
// anonymise it (personal data replaced everywhere by a stable pseudonym, revenue unchanged) or
// delete it (personal data removed; the revenue history kept as anonymous amounts so past figures
// do not change). docs/compliance.md lists every table and payload each one touches.
//
// An erasure runs in one transaction (withPurge: the audit log and security events may change):
//   1. find the customer's rows everywhere (src/store/customer-data-repo.ts CUSTOMER_TABLES) and
//      collect the personal values they hold (e-mails, names, phones, street lines);
//   2. delete: remove the non-revenue rows (usage, tracking, tickets, surveys, health, risk,
//      alerts, product accounts);
//   3. rewrite the rest (the rows read in 1, by row address): personal fields by path, then
//      every string holding a known value;
//   4. drop earlier export ZIPs of the customer;
//   5. sweep every table of the workspace for the known values (tables not listed included);
//   6. record the erasure, so later events naming the customer are scrubbed before they are
//      stored (src/store/erased-customers-repo.ts).
// Ids, amounts, dates and plan references never change, and linked records share one pseudonym
// (e-mail matching across providers links them again on a rebuild): revenue figures are the same
// before and after, and after a rebuild from the raw log.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  personalValues, pseudonymFor, pseudonymReplacer, scrubKnownValues, scrubPayload, MIN_CONTAINED_LENGTH, type Pseudonym,
} from '../core/personal-data.js';
import { CUSTOMER_TABLES, customerRowsOf, deleteCustomerRows, dropExportArtifacts, lockCustomerRows, resolveCustomer, type CustomerScope } from '../store/customer-data-repo.js';
import { forgetErasedCache, recordErasure } from '../store/erased-customers-repo.js';
import { catalogNames, rewriteLocked, sweepWorkspace, tableColumns, type Row } from '../store/personal-data-sweep.js';
import { withPurge } from '../store/purge.js';
import type { Database } from '../store/schema.js';
import { zipExport, type ExportTable } from './export-files.js';

export type CustomerRef = { workspaceId: string; customerId: string };

/** No customer with this id in this workspace (no record, no event, no signal). */
export class CustomerNotFoundError extends Error {
  override readonly name = 'CustomerNotFoundError';
  constructor(readonly ref: CustomerRef) {
    super(`No customer ${ref.customerId} in this workspace`);
  }
}

export type CustomerExport = {
  /** A ZIP: JSON and CSV of everything held about the customer, raw provider payloads included. */
  zip: Uint8Array;
  /** Rows exported per table (for the request's result and the audit entry). */
  counts: Record<string, number>;
};

export type ErasureOutcome = {
  /** The stable stand-in written where the customer's name and e-mail were. */
  pseudonym: string;
  /** Rows changed or removed per table. */
  counts: Record<string, number>;
};

/** The customer's stand-in: the same for every id linked to it, and on every run. */
export function pseudonymOf(workspaceId: string, canonicalId: string): Pseudonym {
  const tag = createHash('sha256').update(`${workspaceId}\u0000${canonicalId}`).digest('hex').slice(0, 10);
  return { name: `Customer ${tag}`, email: `customer-${tag}@anonymised.invalid` };
}

export async function exportCustomerData(db: Kysely<Database>, ref: CustomerRef): Promise<CustomerExport> {
  // One snapshot: rows written while the export reads cannot make its tables disagree.
  const tables = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const scope = await resolveCustomer(trx, ref.workspaceId, ref.customerId);
    if (!scope) throw new CustomerNotFoundError(ref);
    const out: ExportTable[] = [];
    for (const spec of CUSTOMER_TABLES) out.push({ table: spec.table, role: spec.role, rows: await customerRowsOf(trx, spec, scope) });
    return out;
  });
  const counts = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
  return { zip: await zipExport(ref.customerId, new Date(), tables), counts };
}

/** The values to search for: everything found, less catalog names and the pseudonym itself. */
function knownValues(rows: readonly Row[], scope: CustomerScope, pseudonym: Pseudonym, catalog: ReadonlySet<string>) {
  const found = personalValues(rows);
  const keep = (v: string) => v.trim() !== '' && !catalog.has(v.trim().toLowerCase()) && v !== pseudonym.name && v !== pseudonym.email;
  const emails = [...new Set([...found.emails, ...scope.emails])].filter(keep);
  const names = found.names.filter(keep);
  const phones = found.phones.filter(keep);
  const lines = found.addressLines.filter(keep);
  const all = [...new Set([...emails, ...names, ...phones, ...lines])];
  // Searched for across the whole workspace: only values specific enough to be this customer's
  // (a full name, not a lone first name that other customers share).
  const long = (v: string) => v.trim().length >= MIN_CONTAINED_LENGTH;
  const swept = [...new Set([...emails, ...phones.filter(long), ...lines.filter(long), ...names.filter((n) => long(n) && /\s/.test(n.trim()))])];
  return { all, swept };
}

export async function eraseCustomer(db: Kysely<Database>, ref: CustomerRef, input: { mode: 'anonymise' | 'delete'; now: Date }): Promise<ErasureOutcome> {
  const outcome = await withPurge(db, async (trx) => {
    const scope = await resolveCustomer(trx, ref.workspaceId, ref.customerId);
    if (!scope) throw new CustomerNotFoundError(ref);
    const pseudonym = pseudonymOf(ref.workspaceId, scope.canonicalId);
    const tables = await tableColumns(trx);

    // Read and locked once; rewritten by row address after the values are known.
    const found = new Map<string, { rid: string; row: Row }[]>();
    for (const spec of CUSTOMER_TABLES) found.set(spec.table, await lockCustomerRows(trx, spec, scope));
    const rows = [...found.values()].flat().map((r) => r.row);
    const values = knownValues(rows, scope, pseudonym, await catalogNames(trx, ref.workspaceId));

    const counts: Record<string, number> = {};
    const add = (table: string, n: number) => {
      if (n > 0) counts[table] = (counts[table] ?? 0) + n;
    };
    const removed = input.mode === 'delete' ? CUSTOMER_TABLES.filter((spec) => spec.role === 'non-revenue') : [];
    for (const spec of removed) add(spec.table, await deleteCustomerRows(trx, spec, scope));

    const stand = pseudonymFor(pseudonym);
    const byValue = (row: Row) => scrubKnownValues(row, values.all, stand) as Row;
    const full = (row: Row) => byValue(scrubPayload(row, pseudonymReplacer(pseudonym)) as Row);
    for (const spec of CUSTOMER_TABLES) {
      if (removed.includes(spec)) continue;
      // Logs keep who did what (the actor's address is not the customer's): values only.
      add(spec.table, await rewriteLocked(trx, tables, spec.table, found.get(spec.table) ?? [], spec.role === 'log' ? byValue : full));
    }
    add('gdpr_requests', await dropExportArtifacts(trx, scope));
    const swept = await sweepWorkspace(trx, tables, ref.workspaceId, values.swept, byValue);
    for (const [table, n] of Object.entries(swept)) add(table, n);

    await recordErasure(trx, {
      workspaceId: ref.workspaceId, customerId: ref.customerId, mode: input.mode, pseudonym,
      ids: [...scope.customerIds, ...scope.accountIds, ...scope.userIds], values: values.all, at: input.now,
    });
    return { pseudonym: pseudonym.name, counts };
  });
  // Again once committed: a store that read the cache while the erasure ran did not see it.
  forgetErasedCache(ref.workspaceId);
  return outcome;
}
