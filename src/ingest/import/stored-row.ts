// The raw event an import stores for each valid row: its deterministic id, and the payload the
// transform reads (docs/import.md). The payload holds everything the records need, so a
// `revpulse rebuild` re-derives an import without the file, and it holds nothing that depends on
// where in the file the row was (no line number): the same row in another file is the same event.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IMPORT_STATUSES, type ImportRow } from './types.js';

export const IMPORT_EVENT_TYPE = 'import.subscription';

const instant = z.number().int().nonnegative();

/** The normalised row as stored, plus what the import worked out across the file's rows. */
export const storedImportRow = z.object({
  customerId: z.string().min(1),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  subscriptionId: z.string().min(1),
  effectiveAt: instant,
  status: z.enum(IMPORT_STATUSES),
  plan: z.string().nullable(),
  currency: z.string().regex(/^[a-z]{3}$/),
  unitAmountDecimal: z.string().regex(/^\d+(\.\d+)?$/),
  interval: z.enum(['day', 'week', 'month', 'year']),
  intervalCount: z.number().int().positive(),
  quantity: z.number().int().nonnegative(),
  discountPercent: z.string().regex(/^\d+(\.\d+)?$/).nullable(),
  payment: z.object({ invoiceId: z.string().min(1), paidAt: instant, paidAmount: z.number().int().nonnegative() }).nullable(),
  metadata: z.record(z.string(), z.string()),
  /** The subscription's first row in the file (its start date). */
  subscriptionStartedAt: instant,
  /** The customer's first row in the file (when the customer was created). */
  customerCreatedAt: instant,
});
export type StoredImportRow = z.infer<typeof storedImportRow>;

export const importRowPayload = z.object({
  object: z.literal('import_row'),
  id: z.string().min(1),
  source_id: z.string().min(1),
  /** A digest of source_id and import_row: the same content always has the same hash, so a
   *  re-import finds what changed by comparing hashes, not payloads. */
  hash: z.string(),
  import_row: storedImportRow,
});
export type ImportRowPayload = z.infer<typeof importRowPayload>;

/** The event id of a row: the same subscription, moment and invoice always give the same id. */
export function importEventId(row: Pick<ImportRow, 'subscriptionId' | 'effectiveAt' | 'payment'>): string {
  const key = `${row.subscriptionId}\u0000${row.effectiveAt}\u0000${row.payment?.invoiceId ?? ''}`;
  return `imp_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** The payload of every row, with each subscription's start and customer's creation taken from
 *  their earliest row in the file. */
export function importPayloads(sourceId: string, rows: readonly ImportRow[]): ImportRowPayload[] {
  const subscriptionStart = new Map<string, number>();
  const customerStart = new Map<string, number>();
  for (const row of rows) {
    subscriptionStart.set(row.subscriptionId, Math.min(subscriptionStart.get(row.subscriptionId) ?? Infinity, row.effectiveAt));
    customerStart.set(row.customerId, Math.min(customerStart.get(row.customerId) ?? Infinity, row.effectiveAt));
  }
  return rows.map((row) => {
    const { line: _line, metadata, ...rest } = row;
    // Keys in one order whatever the file's column order, so the same content hashes the same.
    const sortedMetadata = Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const stored: StoredImportRow = {
      ...rest,
      metadata: sortedMetadata,
      subscriptionStartedAt: subscriptionStart.get(row.subscriptionId)!,
      customerCreatedAt: customerStart.get(row.customerId)!,
    };
    const hash = createHash('sha256').update(`${sourceId}\u0000${JSON.stringify(stored)}`).digest('base64url');
    return { object: 'import_row', id: importEventId(row), source_id: sourceId, hash, import_row: stored };
  });
}
