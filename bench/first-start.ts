// npm run bench -- first-start [--data DIR] [--port N] [--warm-only] [--timeout SECONDS] [--write]
// Issue 16, target 3: from `npm start` on a fresh data folder (after `npm install`) to a served
// dashboard with the demo — HTTP 200 on / and the demo's summary API answering for the demo
// login — then a warm restart on the same folder. It runs what `npm start` runs
// (`node bin/build-web.js && node bin/build-server.js && node bin/revpulse.js serve`; npm's own launch, ~0.3 s, is not in the
// figure), reads the server's progress lines, and reports wall time, the server's CPU time
// (less sensitive to a shared machine's load) and the load average before and after.
// --warm-only skips the fresh start (reuses --data). --write puts the section in docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_LOGIN } from '../src/accounts/first-run.js';
import { flag, machine, writeSection } from './_shared.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_FIRST_S = 20;
const TARGET_WARM_S = 3;

type StartFigures = { servedS: number; summaryS: number; cpuS: number; lines: { at: number; text: string }[]; loadBefore: string; loadAfter: string };

const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in seconds (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function waitFor(check: () => Promise<boolean>, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error('timed out');
}

/** Polls the demo's summary as the demo login; signs in once (sign-ins are rate-limited). */
function summaryProbe(base: string): () => Promise<boolean> {
  let cookie: string | null = null;
  let workspace = '';
  let lastLogin = 0;
  return async () => {
    if (!cookie) {
      if (Date.now() - lastLogin < 3_000) return false;
      lastLogin = Date.now();
      const login = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) });
      if (login.status !== 200) return false;
      cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      workspace = ((await login.json()) as { workspaces: { id: string }[] }).workspaces[0]?.id ?? '';
    }
    const summary = await fetch(`${base}/v1/metrics/summary?workspace=${workspace}`, { headers: { cookie } });
    if (summary.status === 401) cookie = null;
    if (summary.status !== 200) return false;
    const body = (await summary.json()) as { mrr?: unknown };
    return body.mrr !== undefined;
  };
}

async function start(dataDir: string, port: number, timeoutMs: number): Promise<StartFigures> {
  const loadBefore = load();
  const t0 = performance.now();
  const child = spawn('sh', ['-c', 'node bin/build-web.js && node bin/build-server.js && exec node bin/revpulse.js serve'], {
    cwd: ROOT,
    env: { ...process.env, REVPULSE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REVPULSE_FX_RATES_URL: 'off', REVPULSE_DEMO_PULSE: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: { at: number; text: string }[] = [];
  const collect = (chunk: Buffer) => {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (!text.trim()) continue;
      const line = { at: (performance.now() - t0) / 1000, text };
      lines.push(line);
      process.stderr.write(`  ${line.at.toFixed(1).padStart(6)} s  ${text.slice(0, 160)}\n`);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${base}/`)).status === 200, child, timeoutMs);
    const servedS = (performance.now() - t0) / 1000;
    await waitFor(summaryProbe(base), child, timeoutMs);
    const summaryS = (performance.now() - t0) / 1000;
    const cpuS = cpuSeconds(child.pid);
    return { servedS, summaryS, cpuS, lines, loadBefore, loadAfter: load() };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

const s = (n: number) => `${n.toFixed(1)} s`;

function describe(name: string, f: StartFigures, target: number): string[] {
  const met = f.summaryS < target ? 'met' : 'missed';
  return [`| ${name} | ${s(f.servedS)} | ${s(f.summaryS)} | ${Number.isNaN(f.cpuS) ? 'n/a' : s(f.cpuS)} | < ${target} s: ${met} | ${f.loadBefore} → ${f.loadAfter} |`];
}

export async function run(args: string[]): Promise<number> {
  const dataDir = path.resolve(flag(args, 'data', path.join(ROOT, 'bench/out/first-start')));
  const port = Number(flag(args, 'port', '3970'));
  const warmOnly = args.includes('--warm-only');
  const timeoutMs = Number(flag(args, 'timeout', '900')) * 1000;
  let fresh: StartFigures | null = null;
  if (!warmOnly) {
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`fresh start on ${dataDir}…\n`);
    fresh = await start(dataDir, port, timeoutMs);
  } else if (!existsSync(dataDir)) {
    process.stderr.write(`--warm-only needs a data folder at ${dataDir}\n`);
    return 2;
  }
  process.stderr.write('warm restart…\n');
  const warm = await start(dataDir, port, timeoutMs);

  const progress = fresh ? fresh.lines.filter((l) => l.text.startsWith('Loading the demo…')) : [];
  const demoReady = fresh?.lines.find((l) => l.text.startsWith('Demo ready'));
  const table = [
    '| start | HTTP 200 on / | demo summary answers | server CPU | target | load average before → after |',
    '|---|---|---|---|---|---|',
    ...(fresh ? describe('first start (fresh data folder, PGlite)', fresh, TARGET_FIRST_S) : []),
    ...describe('warm restart (same folder)', warm, TARGET_WARM_S),
  ];
  const body = [
    `Issue 16, target 3. \`npm run bench -- first-start\` on ${machine()}: what \`npm start\` runs (\`node bin/build-web.js && node bin/build-server.js && node bin/revpulse.js serve\`, the dashboard and the server already built by \`npm install\`'s prepare step) on a fresh embedded data folder, timed to HTTP 200 on \`/\` and to the demo login's \`GET /v1/metrics/summary\` answering; then a second start on the same folder. Targets: < ${TARGET_FIRST_S} s and < ${TARGET_WARM_S} s on a quiet 2-core machine.`,
    '',
    ...table,
    '',
    fresh
      ? `First start: ${progress.length} progress lines while the demo loaded${demoReady ? `; "${demoReady.text}" at ${s(demoReady.at)}` : ''}. The server listens once the demo's billing figures are in; its product signals (usage, tickets, NPS), health history, churn model and alerts fill in after, while it answers.`
      : 'Warm restart only (--warm-only).',
  ].join('\n');
  process.stdout.write(`${body}\n`);
  if (args.includes('--write')) writeSection('## First start', body);
  return 0;
}
