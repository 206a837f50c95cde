// npm run bench -- churn [--customers N] [--signal-days N|demo] [--data DIR] [--write]
// The churn model's backtest on the demo business: builds the demo (billing events through the
// ingest pipeline, then its usage, tickets and NPS) into a fresh PGlite database (or reuses the
// one in --data DIR). A first start loads SIGNAL_WINDOW_DAYS of signals, too short to train on
// and still test with 60-day labels; the bench has the demo's own generator (same stories, same
// seed) write --signal-days of them (default 540; `demo`: exactly what a first start loads). It samples every paying customer every 14 days, splits in time (train on sample
// days whose 60-day label window closes before the cutoff, test on the latest quarter of days)
// and prints, for the logistic model, the rules baseline and "predict by MRR only" (the logistic
// model on the MRR features alone): AUC, precision of the top decile, and lead time (median days
// from a churner's first top-decile score to its churn). --write puts the figures in
// docs/benchmarks.md.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createLogger } from '../src/logger.js';
import { createDb, type Store } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createSecretBox } from '../src/store/secret-box.js';
import { demoAlreadyLoaded, ensureDemoWorkspace, storeDemoEvents } from '../src/ingest/load-demo.js';
import { createIngestWorker } from '../src/ingest/pipeline.js';
import { loadDemoSignals, totalRows, writeSignalRange } from '../src/ingest/load-demo-signals.js';
import { DEMO_SIGNAL_SEED } from '../src/demo/signals/generate.js';
import { findDemoSignalLoad } from '../src/store/demo-signals-repo.js';
import { MRR_FEATURES } from '../src/core/churn-features.js';
import { churnedCustomers, evaluateScores, fitLogistic, timeSplit, CHURN_HORIZON_DAYS, SAMPLE_EVERY_DAYS, type ScorerFigures } from '../src/core/churn-samples.js';
import { logisticScorer, RULES_SCORER } from '../src/core/churn-score.js';
import { MIN_CHURNED_FOR_MODEL } from '../src/core/churn-rules.js';
import { collectSamples, trainingDays } from '../src/jobs/churn-training.js';
import { churnDaysByCustomer } from '../src/store/risk-repo.js';
import { flag, machine, timed, writeSection } from './_shared.js';

/** The demo ends here (the e2e tests' DEMO_NOW), so every run backtests the same history. */
const END_AT = Date.parse('2026-03-18T09:30:00Z') / 1000;

async function buildDemo(store: Store, customers: number, signalDays: number | 'demo'): Promise<{ workspaceId: string; ms: number; signals: number; signalsFrom: string | null }> {
  const demo = await ensureDemoWorkspace(store.db, createSecretBox(undefined));
  const { ms, result: signals } = await timed(async () => {
    if (!(await demoAlreadyLoaded(store.db, demo.workspace.id))) {
      await storeDemoEvents(store, demo, { customers, endAt: END_AT }, (n) => process.stderr.write(`\rstored ${n} demo events`));
      process.stderr.write('\ningesting…\n');
      await createIngestWorker({ store, logger: createLogger('warn'), now: () => new Date(END_AT * 1000), batchSize: 2000, deferLedger: true }).drain();
    }
    if (await findDemoSignalLoad(store.db, demo.workspace.id)) return 0;
    process.stderr.write('writing demo signals…\n');
    if (signalDays === 'demo') return loadDemoSignals(store, demo.workspace, { endAt: END_AT });
    const last = Math.floor(END_AT / 86_400);
    const from = last - signalDays + 1;
    return totalRows(await writeSignalRange(store, demo.workspace.id, { from, ticketsFrom: from, surveysFrom: from, until: END_AT, windowStart: from }, DEMO_SIGNAL_SEED));
  });
  const load = await findDemoSignalLoad(store.db, demo.workspace.id);
  return { workspaceId: demo.workspace.id, ms, signals, signalsFrom: load?.windowStart ?? null };
}

const fmt = (v: number | null, digits = 3) => (v === null ? 'n/a' : v.toFixed(digits));

function row(name: string, f: ScorerFigures): string {
  return `| ${name} | ${fmt(f.auc)} | ${fmt(f.precisionTopDecile)} | ${f.leadTimeDays === null ? 'n/a' : `${f.leadTimeDays} days`} | ${f.flaggedChurners} of ${f.churners} |`;
}

export async function run(args: string[]): Promise<number> {
  const customers = Number(flag(args, 'customers', '2000'));
  const signalArg = flag(args, 'signal-days', '540');
  const signalDays = signalArg === 'demo' ? 'demo' : Number(signalArg);
  const dataDir = flag(args, 'data', '');
  if (dataDir && !existsSync(dataDir)) mkdirSync(dataDir, { recursive: true });
  const reused = dataDir !== '' && readdirSync(dataDir).length > 0;
  const store = await createDb({ kind: 'pglite', dataDir: dataDir || null });
  try {
    await migrate(store);
    const built = await buildDemo(store, customers, signalDays);
    const ws = built.workspaceId;
    const day = new Date(END_AT * 1000).toISOString().slice(0, 10);
    const churnDays = await churnDaysByCustomer(store.db, ws, day);
    const days = await trainingDays(store.db, ws, day);
    const sampled = await timed(() => collectSamples(store.db, ws, days, churnDays));
    const samples = sampled.result;
    const split = timeSplit(samples);
    const positives = (rows: typeof samples) => rows.filter((s) => s.label === 1).length;
    process.stderr.write(`${samples.length} rows over ${days.length} sample days (${days[0]} … ${days.at(-1)}), ${churnedCustomers(samples)} churned customers; cutoff ${split.cutoff}\n`);

    const model = await timed(async () => fitLogistic(split.train));
    const mrrOnly = await timed(async () => fitLogistic(split.train, { only: MRR_FEATURES }));
    const figures = {
      model: evaluateScores(split.test, logisticScorer(model.result).score, churnDays),
      rules: evaluateScores(split.test, RULES_SCORER.score, churnDays),
      mrr: evaluateScores(split.test, logisticScorer(mrrOnly.result).score, churnDays),
    };
    const weights = model.result.features.map((f, j) => ({ f, w: model.result.weights[j]! })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w)).slice(0, 8);

    const table = [
      '| scorer | AUC | precision, top decile | lead time (median) | churners flagged before churning |',
      '|---|---|---|---|---|',
      row('logistic model (all features)', figures.model),
      row('rules baseline', figures.rules),
      row('MRR only (logistic on MRR trend and level)', figures.mrr),
    ].join('\n');
    const body = [
      `Machine: ${machine()}. PGlite (in memory${reused ? `, reused from ${dataDir}` : ''}).`,
      '',
      `Data: the demo business (${customers.toLocaleString('en-US')} customers, ending ${day}) with its product signals (usage, tickets, NPS) from ${built.signalsFrom ?? 'nowhere: none were loaded'}` +
        `${signalDays === 'demo' ? ' (what a first start loads)' : ` (${signalDays} days, written by the demo's own generator and seed)`}${built.signals > 0 ? `, ${built.signals.toLocaleString('en-US')} rows` : ''}. ` +
        `Build ${(built.ms / 1000).toFixed(1)} s${reused ? ' (reused)' : ''}.`,
      '',
      `Training set: every paying customer every ${SAMPLE_EVERY_DAYS} days from ${days[0]} to ${days.at(-1)} (${days.length} sample days, ${samples.length.toLocaleString('en-US')} rows, ` +
        `${positives(samples)} labelled churn-within-${CHURN_HORIZON_DAYS}-days, ${churnedCustomers(samples)} distinct churned customers; the rules stand in below ${MIN_CHURNED_FOR_MODEL}). ` +
        `Signals loaded in ${(sampled.ms / 1000).toFixed(1)} s (${(sampled.ms / Math.max(1, days.length)).toFixed(0)} ms per sample day).`,
      '',
      `Time split: test on sample days from ${split.cutoff} (${split.test.length.toLocaleString('en-US')} rows, ${positives(split.test)} churn labels, base rate ${fmt(figures.model.baseRate)}); ` +
        `train on days up to ${CHURN_HORIZON_DAYS} days before it (${split.train.length.toLocaleString('en-US')} rows, ${positives(split.train)} churn labels). ` +
        `Fitting took ${(model.ms / 1000).toFixed(1)} s (all features) and ${(mrrOnly.ms / 1000).toFixed(1)} s (MRR only).`,
      '',
      table,
      '',
      'Flagged = in the top decile of the test rows\' scores (each scorer flags the same share). Lead time: for each test-period churner flagged on a sample day in the 60 days before its churn, the days from its first such flag to the churn; the median over them.',
      '',
      `Largest coefficients (standardised features): ${weights.map((x) => `${x.f} ${x.w >= 0 ? '+' : ''}${x.w.toFixed(2)}`).join(', ')}.`,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    if (args.includes('--write')) writeSection('## Churn risk backtest (`npm run bench -- churn`)', body);
    return 0;
  } finally {
    await store.close();
  }
}
