// `revpulse rebuild` on the demo, as an operator runs it: each run (full, or --ledger-only)
// replaces what it derives, so figures and every derived table are the same after one, two or
// three rebuilds. Before, each run added another copy of every day total (MRR doubled).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createDb } from '../../src/store/db.js';
import { headlineAt } from '../../src/read/summary/load.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';
import { derivedState, type DerivedState } from '../helpers/derived-state.js';

const END = '2025-06-15T12:00:00Z';

async function readState(dataDir: string): Promise<{ state: DerivedState; headline: unknown }> {
  const store = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  try {
    const workspace = await findWorkspaceBySlug(store.db, 'demo');
    if (!workspace) throw new Error('no demo workspace');
    const state = await derivedState(store.db, workspace.id);
    // The day a summary was written is the machine's today: not a figure, and a run may cross midnight.
    state.customer_summaries = state.customer_summaries.map((row) => row.replace(/"as_of_day":"[^"]*"/, '"as_of_day":null'));
    return { state, headline: await headlineAt(store.db, workspace, '2025-06-15') };
  } finally {
    await store.close();
  }
}

describe('revpulse rebuild', () => {
  it('leaves every figure and derived table unchanged, however often it runs', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rp-rebuild-'));
    const env = { REVPULSE_DATA_DIR: dataDir };
    const demo = await runCli(['demo', '--customers', '80', '--end-at', END], env, 300_000);
    expect(demo.code, demo.stderr).toBe(0);
    const before = await readState(dataDir);
    expect((before.headline as { mrr: number }).mrr).toBeGreaterThan(0);
    expect(before.state.metric_days.length).toBeGreaterThan(10);

    for (const args of [['rebuild'], ['rebuild'], ['rebuild', '--ledger-only']]) {
      const result = await runCli(args, env, 300_000);
      expect(result.code, result.stderr).toBe(0);
      const after = await readState(dataDir);
      expect(after.headline, args.join(' ')).toEqual(before.headline);
      expect(after.state, args.join(' ')).toEqual(before.state);
    }
  }, 600_000);
});
