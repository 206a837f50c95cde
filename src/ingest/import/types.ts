// The subscription import's shapes (docs/import.md): a file of rows, each the state of one
// subscription from `effective_at` on, checked whole before anything is written.
import type { BillingInterval, CurrencyCode, DecimalString, UnixSeconds } from '../../core/types.js';

export const IMPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_STATUSES = ['active', 'trialing', 'past_due', 'paused', 'canceled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The documented columns, in the order a template lists them. Any other column is metadata. */
export const IMPORT_COLUMNS = [
  'customer_id', 'customer_name', 'customer_email', 'subscription_id', 'effective_at', 'status',
  'plan', 'currency', 'amount', 'interval', 'interval_count', 'quantity', 'discount_percent',
  'invoice_id', 'paid_at', 'paid_amount',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** One valid row, checked and normalised: money in minor units of `currency` (lower-case). */
export type ImportRow = {
  /** 1-based line of the file the row came from (CSV: the header is line 1). */
  line: number;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  subscriptionId: string;
  effectiveAt: UnixSeconds;
  status: ImportStatus;
  plan: string | null;
  currency: CurrencyCode;
  /** Per unit per billing period, minor units, exact (a decimal string: 49.00 USD = "4900"; a
   *  file may not state more decimals than the currency has, so it is a whole number). */
  unitAmountDecimal: DecimalString;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  discountPercent: DecimalString | null;
  payment: { invoiceId: string; paidAt: UnixSeconds; paidAmount: number } | null;
  /** Every column not in IMPORT_COLUMNS, as text. */
  metadata: Record<string, string>;
};

/** What is wrong with one line: its 1-based line number, the column (null: the whole line). */
export type ImportLineError = { line: number; column: string | null; message: string };

export type ParsedImport = {
  format: ImportFormat;
  /** The columns the file has (CSV header; JSON lines: every key seen). */
  columns: string[];
  rows: ImportRow[];
  errors: ImportLineError[];
  /** Lines that held a row (blank lines and the CSV header excluded). */
  lineCount: number;
};

export type ImportProgress = { phase: 'validating' | 'storing' | 'applying'; done: number; total: number };

export type ImportOptions = {
  workspaceId: string;
  /** An import source of the workspace (provider 'import'); by name, created when missing. */
  sourceName: string;
  fileName: string | null;
  format?: ImportFormat;
  dryRun?: boolean;
  /** Import the valid rows even when some are bad (the bad ones are reported, not written). */
  skipInvalid?: boolean;
  createdBy?: string | null;
  onProgress?: (progress: ImportProgress) => void;
  /** The server's clock (tests pin it): the ledger's "today" when the import applies its rows.
   *  The history's times are the database's (they order the runs). */
  now?: () => Date;
  /** 'drain' (default): apply the stored rows before answering, with an ingest worker of its own.
   *  'queue': leave them to the running ingest worker (wake it), answering sooner. */
  apply?: 'drain' | 'queue';
};

export type ImportSummary = {
  importId: string;
  sourceId: string;
  format: ImportFormat;
  dryRun: boolean;
  /** 'refused': a bad line and no skipInvalid, so nothing was written. */
  status: 'completed' | 'refused' | 'failed';
  rows: number;
  valid: number;
  invalid: number;
  /** The first 200 errors, in line order. */
  errors: ImportLineError[];
  /** How many errors there were in all (errors lists the first 200). */
  errorCount?: number;
  /** Stored events this import added, and earlier ones a corrected row replaced. */
  eventsNew: number;
  eventsChanged: number;
  eventsUnchanged: number;
  customers: number;
  subscriptions: number;
  /** The first 20 valid rows, for a preview. */
  preview: ImportRow[];
  /** status 'failed': what went wrong while storing or applying (nothing is half-stored: the
   *  rows are written in one transaction). */
  failure?: string;
};
