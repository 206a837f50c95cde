// `npm run bench -- import [--customers N] [--rows-per N]`
//
// The subscription import (docs/import.md) at size: a generated CSV of N customers with one
// subscription each and several rows per subscription (start or trial, payments, a seat change,
// a plan change, a discount, a cancellation for some), 100,000 rows by default. Timed:
//   1. validation alone (parseImportFile: the whole file read and checked, nothing stored);
//   2. the full import to figures (runImport: validate, compare, store the raw events in one
//      transaction, process them through the pipeline and recompute every ledger), per phase;
//   3. re-importing the same file (every row compared, nothing written);
//   4. the monthly report over the result.
// The database is PGlite in memory, or PostgreSQL when DATABASE_URL is set (a new workspace each
// run). Prints rows/s; docs/benchmarks.md keeps the measured numbers.
import { loadavg } from 'node:os';
import { createDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/workspaces-repo.js';
import { parseImportFile } from '../src/ingest/import/parse.js';
import { runImport } from '../src/ingest/import/run-import.js';
import type { ImportProgress } from '../src/ingest/import/types.js';
import { monthlyReport } from '../src/read/periods/load.js';
import { asOf } from '../src/read/clock.js';
import { flag, machine, timed } from './_shared.js';

const HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity,discount_percent,invoice_id,paid_at,paid_amount,segment';
const PLANS = [
  { plan: 'Starter', usd: 19, eur: 18, jpy: 2400 },
  { plan: 'Team', usd: 49, eur: 45, jpy: 6400 },
  { plan: 'Business', usd: 129, eur: 119, jpy: 16800 },
];
const DAY = 86_400;
const START = Date.UTC(2023, 0, 1) / 1000;

/** A deterministic pseudo-random sequence (so every run imports the same file). */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const major = (amount: number, currency: string) => (currency === 'jpy' ? String(amount) : amount.toFixed(2));

/** `customers` customers, `rowsPer` rows each (at least 2). */
export function generateFile(customers: number, rowsPer: number): string {
  const next = random(42);
  const lines = [HEADER];
  for (let c = 0; c < customers; c++) {
    const currency = next() < 0.7 ? 'usd' : next() < 0.8 ? 'eur' : 'jpy';
    let plan = Math.floor(next() * PLANS.length);
    const yearly = next() < 0.2;
    let quantity = 1 + Math.floor(next() * 5);
    let at = START + Math.floor(next() * 700) * DAY + Math.floor(next() * DAY);
    const trial = next() < 0.3;
    let discount = '';
    const id = `cus_${c}`;
    const sub = `sub_${c}`;
    const row = (status: string, paid: boolean, n: number) => {
      const unit = PLANS[plan]![currency as 'usd'] * (yearly ? 10 : 1);
      const amount = unit * quantity * (1 - Number(discount || 0) / 100);
      const invoice = paid ? `in_${c}_${n}` : '';
      lines.push([id, `Customer ${c}`, `billing+${c}@example.com`, sub, iso(at), status, PLANS[plan]!.plan, currency.toUpperCase(), major(unit, currency), yearly ? 'year' : 'month', '1', String(quantity), discount,
        invoice, paid ? iso(at + 60) : '', paid ? major(currency === 'jpy' ? Math.round(amount) : Math.round(amount * 100) / 100, currency) : '', c % 3 === 0 ? 'smb' : 'mid-market'].join(','));
    };
    row(trial ? 'trialing' : 'active', !trial, 0);
    const churns = next() < 0.3;
    for (let n = 1; n < rowsPer; n++) {
      at += (trial && n === 1 ? 14 : 20 + Math.floor(next() * 60)) * DAY;
      if (n === rowsPer - 1 && churns) {
        row('canceled', false, n);
        continue;
      }
      const change = next();
      if (change < 0.3) quantity = Math.max(1, quantity + (next() < 0.7 ? 1 : -1));
      else if (change < 0.45) plan = Math.min(PLANS.length - 1, plan + 1);
      else if (change < 0.55) discount = discount ? '' : '10';
      row(next() < 0.05 ? 'past_due' : 'active', true, n);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '20000'));
  const rowsPer = Number(flag(args, 'rows-per', '5'));
  const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)';
  const content = generateFile(customers, rowsPer);
  const rows = customers * rowsPer;
  const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
  process.stdout.write(`${machine()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`File: ${rows.toLocaleString('en-US')} rows, ${customers.toLocaleString('en-US')} customers, ${(content.length / 2 ** 20).toFixed(1)} MiB; database: ${backend}\n`);

  const validation = await timed(async () => parseImportFile(content, { format: 'csv' }));
  if (validation.result.errors.length > 0) throw new Error(`the generated file is invalid: ${JSON.stringify(validation.result.errors.slice(0, 3))}`);
  process.stdout.write(`validation: ${(validation.ms / 1000).toFixed(2)} s, ${perSecond(rows, validation.ms)} rows/s\n`);

  const store = await createDb(process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir: null });
  try {
    await migrate(store);
    const workspace = await ensureWorkspace(store.db, { slug: `bench-import-${Date.now().toString(36)}`, name: 'Bench import' });
    const phaseStart = new Map<ImportProgress['phase'], number>();
    let processedAt: number | null = null;
    const started = performance.now();
    const full = await timed(() => runImport(store, content, {
      workspaceId: workspace.id, sourceName: 'bench', fileName: 'bench.csv',
      onProgress: (p) => {
        if (!phaseStart.has(p.phase)) phaseStart.set(p.phase, performance.now());
        // The worker reports every event processed before it recomputes the ledgers.
        if (p.phase === 'applying' && p.total > 0 && p.done >= p.total && processedAt === null) processedAt = performance.now();
      },
    }));
    const ended = started + full.ms;
    const at = (phase: ImportProgress['phase']) => phaseStart.get(phase) ?? ended;
    const spans = { validating: at('storing') - at('validating'), storing: at('applying') - at('storing'), applying: ended - at('applying') };
    process.stdout.write(`full import to figures: ${(full.ms / 1000).toFixed(1)} s, ${perSecond(rows, full.ms)} rows/s (${full.result.eventsNew.toLocaleString('en-US')} new events, status ${full.result.status})\n`);
    process.stdout.write(`  validate + compare ${(spans.validating / 1000).toFixed(1)} s, store ${(spans.storing / 1000).toFixed(1)} s (${perSecond(rows, spans.storing)} rows/s), apply ${(spans.applying / 1000).toFixed(1)} s (${perSecond(rows, spans.applying)} rows/s)\n`);
    if (processedAt !== null) {
      const processing = processedAt - at('applying');
      process.stdout.write(`  of which: events processed into records ${(processing / 1000).toFixed(1)} s (${perSecond(rows, processing)} events/s), ledgers and derived tables of ${full.result.customers.toLocaleString('en-US')} customers ${((ended - processedAt) / 1000).toFixed(1)} s\n`);
    }

    const again = await timed(() => runImport(store, content, { workspaceId: workspace.id, sourceName: 'bench', fileName: 'bench.csv' }));
    process.stdout.write(`re-import (nothing changes): ${(again.ms / 1000).toFixed(1)} s, ${perSecond(rows, again.ms)} rows/s (${again.result.eventsUnchanged.toLocaleString('en-US')} unchanged)\n`);

    const report = await timed(() => monthlyReport(store.db, workspace.id, { currency: 'usd', fxRates: [{ currency: 'eur', day: '2022-01-01', rate: '1.10' }, { currency: 'jpy', day: '2022-01-01', rate: '0.0070' }], strictFx: true, asOf: asOf(new Date()) }));
    const last = report.result.months.at(-1);
    process.stdout.write(`monthly report: ${report.result.months.length} months in ${report.ms.toFixed(0)} ms (last: ${last?.month} MRR ${last?.mrr} USD cents, ${last?.customers} customers)\n`);
    process.stdout.write(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
