// Everything held about one end customer (a billing customer of a workspace), for GDPR: export it,
// anonymise it (personal data replaced everywhere by a stable pseudonym, revenue unchanged) or
// delete it (personal data removed; the revenue history kept as anonymous amounts so past figures
// do not change). docs/compliance.md lists every table and payload each one touches.
// (Scaffold: the GDPR data work fills this in; the request queue calls these.)
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

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

export async function exportCustomerData(db: Kysely<Database>, ref: CustomerRef): Promise<CustomerExport> {
  void db;
  throw new CustomerNotFoundError(ref);
}

export async function eraseCustomer(db: Kysely<Database>, ref: CustomerRef, input: { mode: 'anonymise' | 'delete'; now: Date }): Promise<ErasureOutcome> {
  void db;
  void input;
  throw new CustomerNotFoundError(ref);
}
