// The embedded data folder belongs to one process at a time. The holder writes its pid (and, for
// a server, its URL) into revpulse.lock; anyone else stops with a message saying who holds it.
// A lock left by a process that no longer exists is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export type LockHolder = { pid: number; command: string; url?: string; startedAt: string };

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.url ? ` serving ${holder.url}` : '';
    super(
      `The data folder ${dataDir} is in use by Revpulse ${holder.command} (pid ${holder.pid})${where}. ` +
        `Stop that process first, or run this command against its database with DATABASE_URL.`,
    );
  }
}

export type DataDirLock = { readonly file: string; release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, holder: Omit<LockHolder, 'pid' | 'startedAt'>): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'revpulse.lock');
  const me: LockHolder = { ...holder, pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readHolder(file);
      if (current && current.pid !== process.pid && isAlive(current.pid)) {
        throw new DataDirLockedError(dataDir, current);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}

/** Updates the holder record (e.g. with the URL once the server listens). */
export function describeLock(lock: DataDirLock, update: Partial<LockHolder>): void {
  const current = readHolder(lock.file);
  if (!current || current.pid !== process.pid) return;
  const fd = openSync(lock.file, 'w', 0o600);
  writeSync(fd, JSON.stringify({ ...current, ...update }));
  closeSync(fd);
}
