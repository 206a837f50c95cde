// npm run bench -- instances [--steps 100,200,300,500,750,1000] [--step-seconds 20] [--clients 50]
//                            [--webhooks split|one] [--reuse] [--write]
// Two server processes on one PostgreSQL database (DATABASE_URL's server, a database of our own):
// signed webhooks at a steady rate (split round robin over both, or all to the first with
// --webhooks one), WebSocket clients split over both. For each rate: p99 webhook → client, lost,
// duplicated, and how many events each instance processed (each exactly once). The same rates
// are first run against one instance alone in the same run, for the ratio. --reuse keeps the
// database `instances_bench` (baseline loaded once) for the next run.
import { machine, flag, writeSection } from './_shared.js';
import { benchDatabase, createProbe, describeStep, load, log, processedBy, startServer, waitForEmptyQueue, BASELINE_CUSTOMERS, type ProcessedBy, type Server, type StepResult } from './_load.js';

type Row = StepResult & { by: ProcessedBy; pids: number[] };

const ok = (r: Row) => r.p99 < 100 && r.lost === 0 && r.failed === 0 && r.duplicated === 0 && r.by.twice === 0 && r.by.pending === 0;

export async function run(args: string[]): Promise<number> {
  if (!process.env.DATABASE_URL) {
    process.stderr.write('bench instances needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)\n');
    return 2;
  }
  const steps = flag(args, 'steps', '100,200,300,500,750,1000').split(',').filter(Boolean).map(Number);
  const stepSeconds = Number(flag(args, 'step-seconds', '20'));
  const clientCount = Number(flag(args, 'clients', '50'));
  const split = flag(args, 'webhooks', 'split') !== 'one';
  const loadBefore = load();
  const commit = (await import('node:child_process')).execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();

  const db = await benchDatabase('instances_bench', args.includes('--reuse'));
  const servers: Server[] = [];
  const probe = createProbe(db);
  const single: Row[] = [];
  const double: Row[] = [];
  try {
    const climb = async (into: Row[], targets: Server[], label: string) => {
      await probe.step({ rate: 100, seconds: 3, tag: `${label}warm${Date.now()}`, targets, servers });
      for (const rate of steps) {
        const tag = `${label}${rate}x${Date.now()}`;
        const result = await probe.step({ rate, seconds: stepSeconds, tag, targets, servers });
        const by = await processedBy(db, `evt\\_${tag}\\_%`);
        const row = { ...result, by, pids: servers.map((s) => s.pid) };
        log(`${describeStep(result)}; processed ${servers.map((s) => by.perPid.get(s.pid) ?? 0).join(' + ')} (+${by.other} unattributed) of ${result.sent}, twice ${by.twice}, unprocessed ${by.pending}`);
        into.push(row);
        if (result.p99 >= 1000) break; // far beyond the target: stop climbing
      }
    };

    servers.push(await startServer(db.url));
    await waitForEmptyQueue(db);
    await probe.connect(servers, clientCount);
    log(`one instance (pid ${servers[0]!.pid}), ${clientCount} clients`);
    await climb(single, [servers[0]!], 'one');

    probe.disconnect();
    servers.push(await startServer(db.url));
    await probe.connect(servers, clientCount);
    log(`two instances (pids ${servers.map((s) => s.pid).join(', ')}), clients split ${clientCount - Math.floor(clientCount / 2)} / ${Math.floor(clientCount / 2)}, webhooks ${split ? 'split' : 'all to the first'}`);
    await climb(double, split ? servers : [servers[0]!], 'two');
  } finally {
    probe.disconnect();
    for (const s of servers) await s.stop();
    await db.drop();
  }
  const loadAfter = load();

  const best = (rows: Row[]) => rows.filter(ok).reduce((m, r) => Math.max(m, r.rate), 0);
  const oneBest = best(single);
  const twoBest = best(double);
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
  const cpuPerEvent = (r: Row) => r.serverCpuMs.reduce((a, b) => a + b, 0) / Math.max(1, r.sent);
  const row = (r: Row) => {
    const shares = r.pids.map((pid) => (r.by.perPid.get(pid) ?? 0).toLocaleString('en-US')).join(' + ');
    return `| ${r.rate.toLocaleString('en-US')}/s | ${r.sent.toLocaleString('en-US')} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.answerP99)} | ${r.lost} | ${r.duplicated} | ${r.failed} | ${shares}${r.by.other ? ` (+${r.by.other} ?)` : ''} | ${r.by.twice} | ${cpuPerEvent(r).toFixed(2)} ms | ${(r.machineBusy * 100).toFixed(0)}% | ${r.loadBefore.split(' / ')[0]} → ${r.loadAfter.split(' / ')[0]} |`;
  };
  const header = '| rate | webhooks | p50 | p99 | max | answer p99 | lost | dup | refused | processed by instance | twice | server CPU / event | machine busy | load (1 min) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const best2 = double.find((r) => r.rate === twoBest);
  const best1 = single.find((r) => r.rate === oneBest);
  const perEventRow = best2 ?? best1 ?? double[0] ?? single[0];
  const perEvent = perEventRow ? cpuPerEvent(perEventRow) : Number.NaN;

  const body = `Machine: ${machine()} — both servers, PostgreSQL, the load generator and its ${clientCount} clients share it (and, while this was measured, five other benchmark sessions). Load average ${loadBefore} before, ${loadAfter} after. Measured ${new Date().toISOString().slice(0, 10)} at commit \`${commit}\` with \`npm run bench -- instances${args.length ? ` ${args.join(' ')}` : ''}\`.

Two real server processes (bench/_live-server.ts: application, ingest worker, live feed) on one PostgreSQL
database with a baseline of ${BASELINE_CUSTOMERS.toLocaleString('en-US')} demo customers. Signed \`customer.subscription.created\` webhooks (each a new customer)
go ${split ? 'round robin to both instances' : 'all to the first instance'}; the ${clientCount} WebSocket clients are split over both, so a client on one
instance hears of events the other processed only through LISTEN/NOTIFY. Latency: webhook sent → \`subscription_changed\`
received, for every event and every client. Lost: (event, client) pairs not received within 15 s of the last webhook.
"Processed by instance": processed marks per server process, recorded by a bench-only trigger on \`raw_events\` with the
lease owner that held the event (an event processed twice would be counted twice: column "twice"). Every step lasts ${stepSeconds} s.
First the same rates against **one instance** alone (same run, same database), then against **two**.

One instance:

${header}
${single.map(row).join('\n')}

Two instances:

${header}
${double.map(row).join('\n')}

Highest rate with p99 under 100 ms and nothing lost, duplicated, refused or processed twice: **one instance ${oneBest ? `${oneBest.toLocaleString('en-US')}/s` : `below ${steps[0]}/s`}, two instances ${twoBest ? `${twoBest.toLocaleString('en-US')}/s` : `below ${steps[0]}/s`}** (of the rates tried)${oneBest && twoBest ? `, a ratio of ${(twoBest / oneBest).toFixed(2)}` : ''}.

How it scales with cores: on this 2-core machine a second instance adds no CPU — both processes, PostgreSQL and the
load generator compete for the same two cores, so the ratio above measures coordination cost (leases, feed lock,
NOTIFY to both), not capacity. Each event costs ${Number.isFinite(perEvent) ? `about ${perEvent.toFixed(2)} ms` : '(not measured)'} of server CPU (sum over the server processes, per webhook, at ${perEventRow ? `${perEventRow.instances} instance(s), ${perEventRow.rate}/s` : '—'}), plus PostgreSQL's share. With one core per instance and PostgreSQL on its own cores, capacity grows
with instances until PostgreSQL (one feed lock per workspace: a workspace's messages commit in sequence) or NOTIFY fan-out
(every instance receives every notice) becomes the limit — on paper; see docs/scaling.md.`;
  process.stdout.write(`${body}\n`);
  if (args.includes('--write')) writeSection('## Two instances', body);
  return 0;
}
