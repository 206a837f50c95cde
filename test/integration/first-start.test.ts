// First start (issue 16): the server listens as soon as the demo's billing figures are in; the
// demo's product signals and the background jobs' first runs come after, while it already answers.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createDb } from '../../src/store/db.js';
import { findDemoSignalLoad } from '../../src/store/demo-signals-repo.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';
import { TEST_SECRET_KEY } from '../helpers/app.js';
import { builtDemoFolder, DEMO_NOW } from '../helpers/demo-server.js';

describe('npm start with the demo', () => {
  let server: RunningServer | null = null;
  let dataDir = '';
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers before the demo signals and the background jobs are done, and has them once settled', async () => {
    // The built demo, as if its billing had just been loaded: its product signals not yet.
    dataDir = mkdtempSync(path.join(tmpdir(), 'rp-first-start-'));
    cpSync(await builtDemoFolder(), dataDir, { recursive: true, filter: (from) => !from.endsWith('.ready') && !from.endsWith('.lock') });
    const setup = await createDb({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') }); // the embedded database inside the data folder
    const demo = await findWorkspaceBySlug(setup.db, 'demo');
    await setup.db.deleteFrom('demo_signal_loads').where('workspace_id', '=', demo!.id).execute();
    await setup.close();

    const lines: string[] = [];
    const config = loadConfig({ REVPULSE_DATA_DIR: dataDir, REVPULSE_DEMO: 'true', PORT: '0', HOST: '127.0.0.1', REVPULSE_SECRET_KEY: TEST_SECRET_KEY, REVPULSE_DEMO_PULSE: 'false' });
    server = await startServer(config, { logger: createLogger('silent'), print: (line) => lines.push(line), now: () => new Date(DEMO_NOW) });
    // Queued behind the background's first query: it runs before the signals are written.
    expect(await findDemoSignalLoad(server.runtime.store.db, demo!.id)).toBeNull();
    expect(lines.some((line) => line.startsWith('Revpulse is running at '))).toBe(true);
    const url = server.url.replace('localhost', '127.0.0.1');
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    await server.settleBackground();
    expect(await findDemoSignalLoad(server.runtime.store.db, demo!.id)).not.toBeNull();
  });
});
