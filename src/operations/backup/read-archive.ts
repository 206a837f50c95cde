// Reads a backup archive back: `verifyBackup` streams it once (nothing extracted, nothing held but
// one line at a time) and checks the manifest, each table file's SHA-256 and row count, and that
// every line is a JSON object with the manifest's columns; `extractBackup` unpacks a verified
// archive into a folder for restore. Every refusal is a BackupError naming the file (and line).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import * as tar from 'tar';
import { BackupError, MANIFEST_FILE, parseManifest, type Manifest } from './format.js';

export type VerifiedBackup = { manifest: Manifest; rows: number; bytes: number };

type TableCheck = { columns: Set<string>; hash: ReturnType<typeof createHash>; lines: number; carry: string; error: string | null };

function checkLine(file: string, check: TableCheck, line: string): void {
  check.lines += 1;
  if (check.error) return;
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    check.error = `${file} line ${check.lines}: not valid JSON (${(error as Error).message})`;
    return;
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    check.error = `${file} line ${check.lines}: not a JSON object`;
    return;
  }
  const keys = Object.keys(row);
  const unknown = keys.find((k) => !check.columns.has(k));
  if (unknown !== undefined || keys.length !== check.columns.size) {
    check.error = `${file} line ${check.lines}: ${unknown !== undefined ? `has a column the manifest does not list (${unknown})` : 'lacks columns the manifest lists'}`;
  }
}

export async function verifyBackup(file: string): Promise<VerifiedBackup> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new BackupError(`${file}: no such file`);
    },
  );
  let manifest: Manifest | null = null;
  let failure: string | null = null;
  const checks = new Map<string, TableCheck>();
  const seen = new Set<string>();
  const fail = (message: string) => (failure ??= message);
  try {
    await tar.t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const name = entry.path;
        if (failure) return entry.resume();
        if (entry.type !== 'File') return void fail(`${name}: unexpected ${entry.type} entry in the archive`);
        if (seen.has(name)) return void fail(`${name}: appears twice in the archive`);
        seen.add(name);
        if (name === MANIFEST_FILE) {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () => {
            try {
              manifest = parseManifest(Buffer.concat(chunks).toString('utf8'));
              for (const t of manifest.tables) checks.set(t.file, { columns: new Set(t.columns.map((c) => c.name)), hash: createHash('sha256'), lines: 0, carry: '', error: null });
            } catch (error) {
              fail((error as Error).message);
            }
          });
          return;
        }
        if (!manifest) return void fail(`${name}: comes before ${MANIFEST_FILE}, which must be first in the archive`);
        const check = checks.get(name);
        if (!check) return void fail(`${name}: not listed in ${MANIFEST_FILE}`);
        entry.on('data', (chunk: Buffer) => {
          check.hash.update(chunk);
          const text = check.carry + chunk.toString('utf8');
          const parts = text.split('\n');
          check.carry = parts.pop() ?? '';
          for (const line of parts) checkLine(name, check, line);
        });
      },
    });
  } catch (error) {
    throw new BackupError(`${file}: the archive is damaged or not a Revpulse backup (${(error as Error).message})`);
  }
  if (failure) throw new BackupError(failure);
  const found = manifest as Manifest | null;
  if (!found) throw new BackupError(`${file}: has no ${MANIFEST_FILE} (not a Revpulse backup, or cut short)`);
  let rows = 0;
  for (const table of found.tables) {
    const check = checks.get(table.file)!;
    if (!seen.has(table.file)) throw new BackupError(`${table.file}: listed in ${MANIFEST_FILE} but missing from the archive (cut short?)`);
    if (check.carry !== '') throw new BackupError(`${table.file} line ${check.lines + 1}: the last line has no line end (the file was cut short or edited)`);
    if (check.hash.digest('hex') !== table.sha256) throw new BackupError(`${table.file}: its SHA-256 does not match ${MANIFEST_FILE} (the file was changed or damaged)`);
    if (check.error) throw new BackupError(check.error);
    if (check.lines !== table.rows) throw new BackupError(`${table.file}: ${check.lines} rows, but ${MANIFEST_FILE} says ${table.rows}`);
    rows += check.lines;
  }
  return { manifest: found, rows, bytes: size };
}

/** Unpacks the archive's manifest and table files (nothing else) into `dir`. */
export async function extractBackup(file: string, dir: string, manifest: Manifest): Promise<void> {
  const wanted = new Set([MANIFEST_FILE, ...manifest.tables.map((t) => t.file)]);
  await tar.x({ file, cwd: dir, strict: true, filter: (name) => wanted.has(name) });
}
