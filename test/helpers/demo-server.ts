// The real server on the DEMO data, for browser tests. Building the demo (2,000 customers through
// the ingest pipeline) takes ~40 s, so it is built once into test-results/.cache/ and every test
// file starts on its own copy of that folder (instant). A lock file makes parallel test files wait
// for one build instead of racing. The cache is keyed by the code that shapes the stored data, so
// a change there rebuilds it.
//
// Time is pinned: the demo ends at DEMO_NOW, whatever day the tests run, so its cohorts, months
// and movements are the same on every run. The server's clock is a TestClock that starts at
// DEMO_NOW and runs at real speed; a test can move it or freeze it (past 5 minutes without an
// event the sources turn stale). `installClock(page)` gives the page the same clock, because the
// dashboard reads "today" from the browser. Signed webhooks are signed at the server's clock too,
// so they still verify.
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { DEMO_WEBHOOK_SECRET } from '../../src/ingest/load-demo.js';
import { listSources } from '../../src/store/sources-repo.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces-repo.js';
import { TEST_SECRET_KEY } from './app.js';
import { signedWebhook, type TestEvent } from './stripe-events.js';

export const DEMO_OWNER = { email: 'owner@demo-e2e.example', password: 'demo e2e owner passphrase' } as const;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE_ROOT = path.join(ROOT, 'test-results', '.cache');
/** What decides the content of the stored demo: a change here rebuilds the cached copy. */
const SHAPING_CODE = ['src/demo', 'src/ingest', 'src/engine', 'src/core', 'src/store/migrations', 'src/accounts/first-run.ts', 'src/jobs', 'src/read', 'src/notify'];
const BUILD_TIMEOUT_MS = 420_000;

/** Where the demo ends and every demo server's clock starts: a Wednesday morning (UTC) in the
 *  middle of a month, inside the range of the demo FX rates. */
export const DEMO_NOW = new Date('2026-03-18T09:30:00.000Z');

/** A clock for the server under test: flows at real speed from its start until frozen. */
export type TestClock = {
  now(): Date;
  /** Moves the clock forward (or back, with a negative `ms`); a frozen clock stays frozen. */
  advance(ms: number): void;
  /** Stops the clock at `at` (default: the time it shows). */
  freeze(at?: Date): void;
};

export function createTestClock(start: Date = DEMO_NOW): TestClock {
  let base = start.getTime();
  let since: number | null = performance.now();
  const now = () => new Date(base + (since === null ? 0 : performance.now() - since));
  return {
    now,
    advance(ms) {
      base += ms;
    },
    freeze(at) {
      base = (at ?? now()).getTime();
      since = null;
    },
  };
}

export type DemoServer = {
  url: string;
  /** The Demo workspace's id. */
  workspaceId: string;
  /** The demo Stripe source that signed webhooks go to. */
  sourceId: string;
  server: RunningServer;
  /** Signs in as the owner through the real login page and lands on `path` of the Demo workspace. */
  login(page: Page, path?: string): Promise<void>;
  /** The server's clock (DEMO_NOW when it started, unless the test gave another). */
  clock: TestClock;
  /** Installs the server's clock in the page (call before its first navigation): the page's
   *  `Date` starts at the server's time and runs at real speed (see Playwright's page.clock). */
  installClock(page: Page): Promise<void>;
  /** Posts a Stripe event signed with the demo secret (at the server's clock); resolves to the HTTP status. */
  postSignedWebhook(event: TestEvent): Promise<number>;
  /** `path` with `?workspace=` (or `&workspace=`) for the Demo workspace. */
  pathFor(path: string): string;
  stop(): Promise<void>;
};

export type DemoServerOptions = {
  /** The server's clock (default: a new TestClock from DEMO_NOW). */
  clock?: TestClock;
};

function fingerprint(): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) walk(path.join(relative, name));
      return;
    }
    hash.update(relative).update(readFileSync(full));
  };
  for (const entry of SHAPING_CODE) walk(entry);
  hash.update(DEMO_NOW.toISOString());
  return hash.digest('hex').slice(0, 12);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function demoEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    REVPULSE_DATA_DIR: dataDir,
    REVPULSE_DEMO: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    REVPULSE_SECRET_KEY: TEST_SECRET_KEY,
    REVPULSE_ADMIN_EMAIL: DEMO_OWNER.email,
    REVPULSE_ADMIN_PASSWORD: DEMO_OWNER.password,
    // Browser tests sign in and poll more than a person does.
    REVPULSE_RATE_LIMIT_AUTH: '1000',
    REVPULSE_RATE_LIMIT_API: '100000',
  };
}

/** The folder of a fully built demo, building it (once, under a lock) when missing. */
export async function builtDemoFolder(): Promise<string> {
  const key = fingerprint();
  const folder = path.join(CACHE_ROOT, `demo-${key}`);
  const ready = path.join(folder, '.ready');
  const lock = path.join(CACHE_ROOT, `demo-${key}.lock`);
  mkdirSync(CACHE_ROOT, { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!existsSync(ready)) {
    let fd: number | null = null;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Someone else is building: wait for them, unless they died.
      const holder = Number.parseInt(readFileSync(lock, 'utf8') || '0', 10);
      if (holder > 0 && !processAlive(holder)) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the demo build (lock ${lock})`);
      await sleep(500);
      continue;
    }
    try {
      writeFileSync(lock, String(process.pid));
      closeSync(fd);
      if (!existsSync(ready)) await buildDemo(folder);
    } finally {
      rmSync(lock, { force: true });
    }
  }
  return folder;
}

async function buildDemo(folder: string): Promise<void> {
  // Built aside and renamed into place, so nobody ever copies a half-built folder.
  const building = `${folder}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const server = await startServer(loadConfig(demoEnv(building)), { logger: createLogger('silent'), print: () => undefined, now: () => new Date(DEMO_NOW) });
  await server.worker.drain();
  // The first health backfill, churn model and alert evaluation go into the template, so a copy
  // starts with nothing left to compute.
  await server.settleBackground();
  await server.stop();
  writeFileSync(path.join(building, '.ready'), new Date().toISOString());
  rmSync(folder, { recursive: true, force: true });
  renameSync(building, folder);
  removeStaleBuilds(folder);
}

/** Other keys' folders once nobody can still be copying them (an hour old), and builds whose
 *  process died. Never the folder just built. */
function removeStaleBuilds(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(CACHE_ROOT)) {
    const full = path.join(CACHE_ROOT, name);
    if (full === keep || !name.startsWith('demo-') || name.endsWith('.lock')) continue;
    const builder = /\.building-(\d+)$/.exec(name);
    const stale = builder ? !processAlive(Number(builder[1])) : statSync(full).mtimeMs < hourAgo;
    if (stale) rmSync(full, { recursive: true, force: true });
  }
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const source = await builtDemoFolder();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'revpulse-demo-e2e-'));
  cpSync(source, dataDir, { recursive: true, filter: (from) => !from.endsWith('.ready') && !from.endsWith('.lock') });
  const clock = options.clock ?? createTestClock();
  const now = () => clock.now();
  const server = await startServer(loadConfig(demoEnv(dataDir)), { logger: createLogger('silent'), print: () => undefined, now });
  // The background jobs' start-up runs hold the embedded database: a page opened meanwhile waits.
  await server.settleBackground();
  const url = server.url.replace('localhost', '127.0.0.1');
  server.url = url;
  const db = server.runtime.store.db;
  const workspace = await findWorkspaceBySlug(db, 'demo');
  if (!workspace) throw new Error('the demo copy has no Demo workspace');
  const demoSource = (await listSources(db, workspace.id)).find((s) => s.provider === 'stripe');
  if (!demoSource) throw new Error('the demo copy has no Stripe source');
  const workspaceId = workspace.id;

  const pathFor = (target: string) => `${target}${target.includes('?') ? '&' : '?'}workspace=${workspaceId}`;
  return {
    url,
    workspaceId,
    sourceId: demoSource.id,
    server,
    pathFor,
    clock,
    async installClock(page) {
      await page.clock.install({ time: clock.now() });
    },
    async login(page, target = '/') {
      await page.goto(`${url}/login?next=${encodeURIComponent(pathFor(target))}`);
      await page.getByTestId('login-email').fill(DEMO_OWNER.email);
      await page.getByTestId('login-password').fill(DEMO_OWNER.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((location) => location.pathname === target.split('?')[0] && location.search.includes(`workspace=${workspaceId}`), { timeout: 20_000 });
    },
    async postSignedWebhook(event) {
      const { body, headers } = signedWebhook(event, DEMO_WEBHOOK_SECRET, Math.floor(now().getTime() / 1000));
      const response = await fetch(`${url}/webhooks/stripe/${demoSource.id}`, { method: 'POST', body, headers });
      return response.status;
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
