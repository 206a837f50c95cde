// `revpulse import FILE` as an operator runs it: a bad line is named (line and column), nothing
// is written and the exit code says so; a dry run writes nothing; an import stores and applies
// the rows; a re-import changes nothing; `import tickets` still reaches its own command.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/store/db.js';
import { runCli } from '../helpers/run-cli.js';

async function stored(dataDir: string): Promise<{ events: number; ledger: number; sources: string[] }> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    const events = await store.db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('processed_at', 'is not', null).executeTakeFirstOrThrow();
    const ledger = await store.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const sources = await store.db.selectFrom('sources').select(['name', 'provider']).execute();
    return { events: Number(events.n), ledger: Number(ledger.n), sources: sources.map((s) => `${s.name}:${s.provider}`) };
  } finally {
    await store.close();
  }
}

const HEADER = 'customer_id,subscription_id,effective_at,status,currency,amount,interval';

describe('revpulse import FILE', () => {
  it('refuses a bad file naming line and column, dry-runs, imports, and re-imports unchanged', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-subs-'));
    const env = { REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'false' };
    const good = path.join(dataDir, 'subs.csv');
    writeFileSync(good, `${HEADER}\nc1,s1,2024-01-10,active,usd,49.00,month\nc2,s2,2024-02-01,active,usd,120,year\nc2,s2,2024-03-01,canceled,usd,,\n`);
    const bad = path.join(dataDir, 'bad.csv');
    writeFileSync(bad, `${HEADER}\nc1,s1,2024-01-10,active,usd,49.001,month\nc2,,2024-02-30,active,usd,1,month\nc3,s3,2024-02-01,active,usd,1,month\n`);

    const refused = await runCli(['import', bad, '--source', 'Chargebee'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2, column amount: "49.001" has more decimal places than USD has (2)');
    expect(refused.stderr).toContain('line 3, column subscription_id: is required');
    expect(refused.stderr).toMatch(/line 3, column effective_at: "2024-02-30" is not an ISO 8601 date/);
    expect(refused.stdout).toMatch(/^Refused: nothing was written/);
    expect(refused.stdout).toContain('rows 3, valid 1, invalid 2');

    const dry = await runCli(['import', good, '--source', 'Chargebee', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written');
    expect(dry.stdout).toContain('events: 3 new, 0 changed, 0 unchanged (would be)');
    expect(await stored(dataDir)).toEqual({ events: 0, ledger: 0, sources: [] });

    const first = await runCli(['import', good, '--source', 'Chargebee'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('Imported.\n  rows 3, valid 3, invalid 0\n  events: 3 new, 0 changed, 0 unchanged\n  customers 2, subscriptions 2\n');
    expect(first.stderr).toMatch(/Applying/);
    const after = await stored(dataDir);
    expect(after).toMatchObject({ events: 3, sources: ['Chargebee:import'] });
    expect(after.ledger).toBeGreaterThan(0);

    const again = await runCli(['import', good, '--source', 'Chargebee', '--format', 'csv'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('events: 0 new, 0 changed, 3 unchanged');
    expect(await stored(dataDir)).toEqual(after);

    const tickets = await runCli(['import', 'tickets', path.join(dataDir, 'missing.csv'), '--dry-run'], env);
    expect(tickets.code).toBe(2);
    expect(tickets.stderr).toContain('import tickets: file not found');
  });
});
