// The backup archive's format, without a database: manifest parsing names the field at fault,
// the key fingerprint is stable and reveals nothing, file names sort by time and pruning keeps the
// newest, and tables come parents first.
import { describe, expect, it } from 'vitest';
import { BackupError, backupFileName, backupsToPrune, keyFingerprint, parseManifest, type Manifest } from '../../src/operations/backup/format.js';
import { dependencyOrder, type TableInfo } from '../../src/store/backup-tables.js';

const manifest: Manifest = {
  format: 'revpulse-backup',
  formatVersion: 1,
  schemaVersion: '0022',
  createdAt: '2026-03-18T09:30:00.000Z',
  source: { kind: 'pglite' },
  secretKey: { fingerprint: null, note: '' },
  encoding: {},
  tables: [{ name: 'workspaces', file: 'tables/workspaces.jsonl', rows: 1, bytes: 10, sha256: 'a'.repeat(64), primaryKey: ['workspace_id'], columns: [{ name: 'workspace_id', type: 'text' }] }],
  excluded: [],
};

describe('parseManifest', () => {
  it('reads a sound manifest', () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it.each([
    ['not JSON', '{', /manifest\.json is not valid JSON/],
    ['another format', JSON.stringify({ ...manifest, format: 'tarball' }), /manifest\.json: format/],
    ['a bad schema version', JSON.stringify({ ...manifest, schemaVersion: 'v22' }), /schemaVersion must be a migration number/],
    ['a newer format', JSON.stringify({ ...manifest, formatVersion: 2 }), /archive format 2 is newer than this Revpulse reads \(1\)/],
    ['a file elsewhere', JSON.stringify({ ...manifest, tables: [{ ...manifest.tables[0]!, file: '../etc/passwd' }] }), /table workspaces must be in tables\/workspaces\.jsonl/],
    ['a bad checksum', JSON.stringify({ ...manifest, tables: [{ ...manifest.tables[0]!, sha256: 'xyz' }] }), /tables\.0\.sha256 must be a SHA-256/],
  ])('refuses %s, naming it', (_label, text, message) => {
    expect(() => parseManifest(text)).toThrow(BackupError);
    expect(() => parseManifest(text)).toThrow(message);
  });
});

describe('keyFingerprint', () => {
  it('is the same for the same key in hex or base64, differs between keys, and never contains the key', () => {
    const hex = '0f'.repeat(32);
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    expect(keyFingerprint(hex)).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(keyFingerprint(base64)).toBe(keyFingerprint(hex));
    expect(keyFingerprint('1e'.repeat(32))).not.toBe(keyFingerprint(hex));
    expect(keyFingerprint(hex)).not.toContain('0f0f0f');
    expect(keyFingerprint(undefined)).toBeNull();
  });
});

describe('backup file names and pruning', () => {
  it('names files by UTC time, and keeps the newest', () => {
    expect(backupFileName(new Date('2026-03-18T09:30:05.123Z'))).toBe('revpulse-backup-20260318T093005Z.tar.gz');
    const names = ['revpulse-backup-20260101T000000Z.tar.gz', 'notes.txt', 'revpulse-backup-20260301T000000Z.tar.gz', 'revpulse-backup-20260201T000000Z.tar.gz', 'revpulse-backup-20260201T000000Z-1.tar.gz'];
    expect(backupsToPrune(names, 2)).toEqual(['revpulse-backup-20260101T000000Z.tar.gz', 'revpulse-backup-20260201T000000Z-1.tar.gz']);
    expect(backupsToPrune(names, 10)).toEqual([]);
  });
});

describe('dependencyOrder', () => {
  const table = (name: string, references: string[] = []): TableInfo => ({ name, columns: [{ name: 'id', type: 'text' }], primaryKey: ['id'], references });
  it('puts the migrations record first and parents before children, ties by name', () => {
    const ordered = dependencyOrder([table('raw_events', ['workspaces']), table('audit_log', ['workspaces']), table('workspaces'), table('revpulse_migrations'), table('a_child', ['raw_events'])]);
    expect(ordered.map((t) => t.name)).toEqual(['revpulse_migrations', 'workspaces', 'raw_events', 'a_child', 'audit_log']);
  });
  it('says where foreign keys form a cycle', () => {
    expect(() => dependencyOrder([table('a', ['b']), table('b', ['a'])])).toThrow(/cycle: a → b → a/);
  });
});
