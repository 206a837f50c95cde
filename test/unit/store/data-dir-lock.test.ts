import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, describeLock } from '../../../src/store/data-dir-lock.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'revpulse-lock-'));

describe('data folder lock', () => {
  it('writes the holder pid and removes the file on release', () => {
    const dir = fresh();
    const lock = acquireDataDirLock(dir, { command: 'serve' });
    const holder = JSON.parse(readFileSync(lock.file, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, command: 'serve' });
    describeLock(lock, { url: 'http://localhost:3000' });
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).url).toBe('http://localhost:3000');
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('refuses a second holder while a live process holds it, naming the holder', () => {
    const dir = fresh();
    // a live process other than us: our parent
    writeFileSync(path.join(dir, 'revpulse.lock'), JSON.stringify({ pid: process.ppid, command: 'serve', url: 'http://localhost:3000', startedAt: 'x' }));
    expect(() => acquireDataDirLock(dir, { command: 'demo' })).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir, { command: 'demo' })).toThrow(/in use by Revpulse serve \(pid \d+\) serving http:\/\/localhost:3000/);
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = fresh();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path.join(dir, 'revpulse.lock'), JSON.stringify({ pid: Number(gone), command: 'serve', startedAt: 'x' }));
    const lock = acquireDataDirLock(dir, { command: 'migrate' });
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
