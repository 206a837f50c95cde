// The backup archive's format (docs/operations.md#backup-and-restore): a .tar.gz holding
// manifest.json first, then tables/<name>.jsonl, one JSON object per row in primary-key order.
// This module holds what both the writer and the reader agree on: the manifest's schema, file
// names, the secret key's fingerprint and the error every refusal is.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const FORMAT = 'revpulse-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** How each column type is written, for whoever reads the archive without Revpulse. */
export const ENCODING = {
  timestamptz: 'ISO 8601 text in UTC (2026-03-18T09:30:00.123456+00:00)',
  date: 'YYYY-MM-DD text',
  int8: 'decimal text (exact beyond 2^53)',
  numeric: 'decimal text (exact)',
  'int2, int4, float8': 'JSON numbers',
  bytea: 'base64 text',
  jsonb: 'JSON, as stored',
  bool: 'JSON true/false',
  text: 'JSON string',
  null: 'JSON null',
} as const;

const tableName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');

export const tableEntrySchema = z.object({
  name: tableName,
  file: z.string(),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256,
  primaryKey: z.array(z.string()),
  columns: z.array(z.object({ name: z.string().min(1), type: z.string().min(1) })).min(1),
});

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().min(1),
  schemaVersion: z.string().regex(/^\d{4}$/, 'must be a migration number like 0022'),
  createdAt: z.iso.datetime({ offset: true }),
  source: z.object({ kind: z.enum(['pglite', 'postgres']) }),
  secretKey: z.object({ fingerprint: z.string().nullable(), note: z.string() }),
  encoding: z.record(z.string(), z.string()),
  tables: z.array(tableEntrySchema),
  excluded: z.array(z.object({ table: z.string(), reason: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableEntry = z.infer<typeof tableEntrySchema>;

export const tableFile = (name: string) => `tables/${name}.jsonl`;

/** A refusal of backup, verify or restore: one line naming the file (and line) at fault. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Parses a manifest, naming the first field that is wrong. */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupError(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`${MANIFEST_FILE}: ${issue.path.join('.') || 'the document'} ${issue.message}`);
  }
  if (parsed.data.formatVersion > FORMAT_VERSION) {
    throw new BackupError(`${MANIFEST_FILE}: archive format ${parsed.data.formatVersion} is newer than this Revpulse reads (${FORMAT_VERSION}); upgrade Revpulse to restore it`);
  }
  for (const table of parsed.data.tables) {
    if (table.file !== tableFile(table.name)) throw new BackupError(`${MANIFEST_FILE}: table ${table.name} must be in ${tableFile(table.name)}, not ${table.file}`);
  }
  return parsed.data;
}

/**
 * A short fingerprint of the secret key (never the key): the same key gives the same
 * fingerprint, so a restore can tell whether the sealed secrets in the archive will open.
 */
export function keyFingerprint(secretKey: string | undefined | null): string | null {
  if (!secretKey) return null;
  const bytes = /^[0-9a-fA-F]{64}$/.test(secretKey) ? Buffer.from(secretKey, 'hex') : Buffer.from(secretKey, 'base64');
  return `sha256:${createHash('sha256').update('revpulse secret key fingerprint\0').update(bytes).digest('hex').slice(0, 16)}`;
}

/** The file name of a backup made at `at`: sortable, and recognised by pruning. */
export function backupFileName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `revpulse-backup-${stamp}.tar.gz`;
}

const BACKUP_NAME = /^revpulse-backup-\d{8}T\d{6}Z(-\d+)?\.tar\.gz$/;

/** Of the backup files in a folder, those to delete to keep the newest `keep`. */
export function backupsToPrune(names: readonly string[], keep: number): string[] {
  const backups = names.filter((n) => BACKUP_NAME.test(n)).sort();
  return backups.slice(0, Math.max(0, backups.length - keep));
}
