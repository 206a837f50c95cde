// Writes a backup archive: every table of the database, read inside one snapshot (REPEATABLE READ,
// READ ONLY: the figures and the raw events they come from are from the same instant), streamed
// a cursor page at a time into tables/<name>.jsonl beside the target file, then packed with the
// manifest into a .tar.gz and renamed into place (a reader never sees half an archive).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import * as tar from 'tar';
import type { Store } from '../../store/db.js';
import { beginSnapshot, countRows, describeTables, schemaVersion, tableLines } from '../../store/backup-tables.js';
import { BackupError, ENCODING, FORMAT, FORMAT_VERSION, MANIFEST_FILE, tableFile, type Manifest, type TableEntry } from './format.js';

export type BackupProgress = (done: number, total: number) => void;

export type WrittenBackup = { file: string; bytes: number; sha256: string; manifest: Manifest; rows: number };

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function writeBackup(store: Store, options: { out: string; keyFingerprint: string | null; now?: () => Date; onProgress?: BackupProgress }): Promise<WrittenBackup> {
  const out = path.resolve(options.out);
  await mkdir(path.dirname(out), { recursive: true });
  const work = await mkdtemp(path.join(path.dirname(out), '.revpulse-backup-'));
  try {
    await mkdir(path.join(work, 'tables'));
    const snapshot = await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await beginSnapshot(trx);
        const version = await schemaVersion(trx);
        if (!version) throw new BackupError('the database has no schema yet (run `revpulse migrate` first)');
        const createdAt = (options.now ?? (() => new Date()))().toISOString();
        const tables = await describeTables(trx);
        const counts = new Map<string, number>();
        for (const table of tables) counts.set(table.name, await countRows(trx, table.name));
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        let done = 0;
        const entries: TableEntry[] = [];
        for (const table of tables) {
          const file = tableFile(table.name);
          const stream = createWriteStream(path.join(work, file));
          const hash = createHash('sha256');
          let rows = 0;
          let bytes = 0;
          for await (const lines of tableLines(trx, table)) {
            const chunk = `${lines.join('\n')}\n`;
            hash.update(chunk);
            bytes += Buffer.byteLength(chunk);
            rows += lines.length;
            if (!stream.write(chunk)) await once(stream, 'drain');
            done += lines.length;
            options.onProgress?.(done, total);
          }
          stream.end();
          await once(stream, 'finish');
          entries.push({ name: table.name, file, rows, bytes, sha256: hash.digest('hex'), primaryKey: table.primaryKey, columns: table.columns });
        }
        return { version, createdAt, entries, rows: done };
      });
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      schemaVersion: snapshot.version,
      createdAt: snapshot.createdAt,
      source: { kind: store.kind },
      secretKey: {
        fingerprint: options.keyFingerprint,
        note: 'Webhook secrets, API keys and TOTP secrets are sealed under the secret key, which is not in this archive: restore it (REVPULSE_SECRET_KEY or the data folder\'s secret.key) with the same fingerprint.',
      },
      encoding: { ...ENCODING },
      tables: snapshot.entries,
      excluded: [],
    };
    await writeFile(path.join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const packed = path.join(work, 'archive.tar.gz');
    await tar.create({ gzip: true, file: packed, cwd: work, portable: true }, [MANIFEST_FILE, ...snapshot.entries.map((e) => e.file)]);
    await rename(packed, out);
    const bytes = (await stat(out)).size;
    return { file: out, bytes, sha256: await sha256File(out), manifest, rows: snapshot.rows };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
