// `revpulse import tickets|survey-responses FILE` as an operator runs it: a dry run stores
// nothing, a bad line is named and stores nothing, an import stores and a re-import is unchanged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.js';
import { runCli } from '../helpers/run-cli.js';

async function storedTickets(dataDir: string): Promise<string[]> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    const rows = await store.db.selectFrom('support_tickets').select(['ticket_id', 'priority', 'source']).orderBy('ticket_id').execute();
    return rows.map((r) => `${r.ticket_id}:${r.priority}:${r.source}`);
  } finally {
    await store.close();
  }
}

describe('revpulse import', () => {
  it('dry-runs, refuses a bad line and imports tickets', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-import-'));
    const env = { REVPULSE_DATA_DIR: dataDir };
    const file = path.join(dataDir, 'tickets.csv');
    writeFileSync(file, 'id,email,priority,opened_at\r\nz1,ann@acme.io,high,2024-04-01 09:00\r\nz2,,low,2024-04-02\r\n');
    const bad = path.join(dataDir, 'bad.csv');
    writeFileSync(bad, 'id,priority,opened_at\nz1,high,2024-04-01\nz2,hgh,2024-04-02\n');

    const dry = await runCli(['import', 'tickets', file, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run (nothing stored): 2 tickets from 2024-04-01 to 2024-04-02: 2 created, 0 updated, 0 unchanged; 2 not matched');
    expect(await storedTickets(dataDir)).toEqual([]);

    const refused = await runCli(['import', 'tickets', bad], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('line 3: priority must be one of low, normal, high, urgent (found "hgh")');
    expect(await storedTickets(dataDir)).toEqual([]);

    const first = await runCli(['import', 'tickets', file], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
    expect(await storedTickets(dataDir)).toEqual(['z1:high:csv', 'z2:low:csv']);
  }, 300_000);
});
