// npm run bench -- soak [--rate 1000] [--minutes 10] [--clients 50] [--reuse] [--heap-snapshots DIR] [--write]
// Memory over a long run: one server process (bench/_live-server.ts, PostgreSQL from DATABASE_URL,
// a database of our own) takes signed webhooks at a steady rate with WebSocket clients connected,
// minute after minute. Every 10 s the server's resident set (VmRSS from /proc/<pid>/status) is
// sampled; the target is RSS at the end within 20% of RSS after the first minute. Each minute also
// reports p99 webhook → client and lost, so the rate the memory was measured at is on record.
// --heap-snapshots DIR writes a heap snapshot of the server after the first minute and at the end
// (to compare what grows; each one pauses the server for seconds).
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { machine, flag, writeSection } from './_shared.js';
import { benchDatabase, createProbe, describeStep, load, log, processedBy, rssMiB, sleep, startServer, waitForEmptyQueue, BASELINE_CUSTOMERS, type Server, type StepResult } from './_load.js';

type Sample = { second: number; rss: number };

export async function run(args: string[]): Promise<number> {
  if (!process.env.DATABASE_URL) {
    process.stderr.write('bench soak needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)\n');
    return 2;
  }
  const rate = Number(flag(args, 'rate', '1000'));
  const minutes = Number(flag(args, 'minutes', '10'));
  const clientCount = Number(flag(args, 'clients', '50'));
  const snapshotDir = flag(args, 'heap-snapshots', '');
  const loadBefore = load();
  const commit = (await import('node:child_process')).execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();

  const runId = Date.now().toString(36);
  const db = await benchDatabase('instances_soak', args.includes('--reuse'), 'instances_bench');
  const probe = createProbe(db);
  let server: Server | null = null;
  const samples: Sample[] = [];
  const perMinute: StepResult[] = [];
  let unprocessed = 0;
  let twice = 0;
  let timer: NodeJS.Timeout | null = null;
  try {
    if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
    server = await startServer(db.url, snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${resolve(snapshotDir)}`] : []);
    const pid = server.pid;
    const left = await waitForEmptyQueue(db);
    if (left > 0) log(`${left} events of an earlier run still unprocessed after 5 minutes: starting anyway`);
    await probe.connect([server], clientCount);
    const rssAtConnect = rssMiB(pid);
    log(`server pid ${pid}, ${clientCount} clients, RSS ${rssAtConnect.toFixed(0)} MiB`);
    const start = performance.now();
    const sample = () => samples.push({ second: Math.round((performance.now() - start) / 1000), rss: rssMiB(pid) });
    sample();
    timer = setInterval(sample, 10_000);
    for (let minute = 1; minute <= minutes; minute++) {
      const tag = `soak${runId}m${minute}`;
      // Between minutes only the last minute waits long for stragglers: the load stays continuous.
      const result = await probe.step({ rate, seconds: 60, tag, targets: [server], servers: [server], drainMs: minute === minutes ? 15_000 : 3_000 });
      perMinute.push(result);
      log(`minute ${minute}: ${describeStep(result)}; RSS ${rssMiB(pid).toFixed(0)} MiB`);
      if (snapshotDir && (minute === 1 || minute === minutes)) process.kill(pid, 'SIGUSR2');
    }
    clearInterval(timer);
    sample();
    const done = await processedBy(db, `evt\\_soak${runId}m%`, 120_000);
    unprocessed = done.pending;
    twice = done.twice;
    if (snapshotDir) {
      await sleep(5000);
      log(`heap snapshots in ${snapshotDir}: ${readdirSync(snapshotDir).join(', ')}`);
    }
  } finally {
    if (timer) clearInterval(timer);
    probe.disconnect();
    await server?.stop();
    await db.drop();
  }
  const loadAfter = load();

  const at = (second: number) => samples.reduce((best, s) => (Math.abs(s.second - second) < Math.abs(best.second - second) ? s : best), samples[0]!);
  const first = at(60);
  const last = samples.at(-1)!;
  const growth = (last.rss - first.rss) / first.rss;
  const peak = samples.reduce((m, s) => Math.max(m, s.rss), 0);
  const lost = perMinute.reduce((s, r) => s + r.lost, 0);
  const duplicated = perMinute.reduce((s, r) => s + r.duplicated, 0);
  const refused = perMinute.reduce((s, r) => s + r.failed, 0);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const minuteRows = perMinute.map((r, i) => `| ${i + 1} | ${r.sent.toLocaleString('en-US')} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.lost} | ${r.duplicated} | ${r.failed} | ${((r.serverCpuMs[0]! / r.wallMs) * 100).toFixed(0)}% | ${at((i + 1) * 60).rss.toFixed(0)} MiB | ${r.loadBefore.split(' / ')[0]} → ${r.loadAfter.split(' / ')[0]} |`);
  const sustainable = perMinute.every((r) => r.p99 < 100 && r.lost === 0 && r.failed === 0);

  const body = `Machine: ${machine()} — the server, PostgreSQL, the load generator and its ${clientCount} clients share it. Load average ${loadBefore} before, ${loadAfter} after. Measured ${new Date().toISOString().slice(0, 10)} at commit \`${commit}\` with \`npm run bench -- soak${args.length ? ` ${args.join(' ')}` : ''}\`.

One real server process (bench/_live-server.ts) on PostgreSQL with a baseline of ${BASELINE_CUSTOMERS.toLocaleString('en-US')} demo customers takes signed
\`customer.subscription.created\` webhooks at **${rate.toLocaleString('en-US')}/s for ${minutes} minutes** with ${clientCount} WebSocket clients connected
(${sustainable ? 'a rate this run sustained: p99 under 100 ms and nothing lost or refused in every minute' : 'a rate this run did **not** sustain in every minute (see p99 and lost below): memory was measured under backlog'}).
Resident set (VmRSS) of the server process sampled every 10 s.

| | RSS |
|---|---|
| after the first minute | ${first.rss.toFixed(0)} MiB (at ${first.second} s) |
| at the end | ${last.rss.toFixed(0)} MiB (at ${last.second} s) |
| peak | ${peak.toFixed(0)} MiB |
| end vs first minute | ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% — ${Math.abs(growth) <= 0.2 ? '**within 20%**' : growth < 0 ? '**not within 20%: it shrank** (the first minute was the peak)' : '**not within 20%: it grew**'} |

Every 10 s (MiB): ${samples.map((s) => s.rss.toFixed(0)).join(', ')}.

| minute | webhooks | p50 | p99 | lost | dup | refused | server CPU | RSS | load (1 min) |
|---|---|---|---|---|---|---|---|---|---|
${minuteRows.join('\n')}

In all: ${perMinute.reduce((s, r) => s + r.sent, 0).toLocaleString('en-US')} webhooks, ${lost} (event, client) pairs not received in time (3 s after each minute, 15 s after the last), ${duplicated} duplicated, ${refused} refused; ${unprocessed} events still unprocessed 2 minutes after the end, ${twice} processed twice.`;
  process.stdout.write(`${body}\n`);
  if (args.includes('--write')) writeSection('## Memory over 10 minutes', body);
  return 0;
}
