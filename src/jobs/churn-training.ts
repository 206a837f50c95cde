// Trains a workspace's churn model and scores its paying customers.
//
// Responsible for: the training set (every SAMPLE_EVERY_DAYS days over the history that has
// signals, every customer paying that day, its signals as of that day and whether it churned in
// the next CHURN_HORIZON_DAYS), the time-split evaluation against the rules baseline, storing the
// model (active only when it is good: AUC ≥ MIN_GOOD_AUC on the test rows and not below the
// rules'; the rules stay active while fewer than MIN_CHURNED_FOR_MODEL customers churned), and
// the daily scores in risk_scores. The math is pure (src/core/churn-*.ts); this file reads and
// writes. Signals are read in batches of SIGNALS_BATCH customers, paced between batches
// (src/jobs/share-connection.ts), so on the embedded database a dashboard request waits for one
// batch at most; a customer's signals depend only on its own rows, so the batches read what one
// pass would (test/integration/churn-batched.test.ts).
import type { Kysely } from 'kysely';
import { addDays, daysBetween, type Day } from '../core/dates.js';
import { MIN_CHURNED_FOR_MODEL, CHURN_RULES } from '../core/churn-rules.js';
import { CHURN_HORIZON_DAYS, churnedCustomers, churnLabel, evaluateScores, fitLogistic, sampleDays, timeSplit, type Sample } from '../core/churn-samples.js';
import { logisticScorer, RULES_SCORER, scorerOf, type ChurnScorer } from '../core/churn-score.js';
import { asOf, type AsOf } from '../read/clock.js';
import { riskSignals } from '../read/risk/signals.js';
import type { Store } from '../store/db.js';
import { newId } from '../store/ids.js';
import { activeChurnModel, churnDaysByCustomer, historyStart, pruneChurnModels, replaceRiskScores, saveChurnModel, summaryCustomerIds, type ChurnModelRow } from '../store/risk-repo.js';
import { chunks } from '../store/batches.js';
import { createPacer, type Pacer } from './share-connection.js';
import type { Database } from '../store/schema.js';
import type { CustomerSignals } from '../core/customer-signals.js';

/** A logistic model must reach this AUC on the held-out days to score customers. */
export const MIN_GOOD_AUC = 0.6;
/** Trends need a month of history before the first sample day. */
const WARM_UP_DAYS = 30;
const KEEP_MODELS = 10;
/** Customers whose signals are read per batch. */
export const SIGNALS_BATCH = 500;

export type BatchOptions = { batchSize?: number; pacer?: Pacer };

/** The instant that ends a day: a read as of it sees the whole day and nothing after. */
export function endOfDayAsOf(day: Day): AsOf {
  return asOf(new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) - 1));
}

/** Signals of the customers paying at the end of `day`, as of that day. */
export async function payingSignals(db: Kysely<Database>, workspaceId: string, day: Day, at: AsOf = endOfDayAsOf(day), options: BatchOptions = {}): Promise<CustomerSignals[]> {
  // Without a pacer (a caller that holds no shared connection) batches only yield the event loop.
  const pacer = options.pacer ?? createPacer({ kind: 'postgres' });
  const paying: CustomerSignals[] = [];
  for (const customerIds of chunks(await summaryCustomerIds(db, workspaceId), options.batchSize ?? SIGNALS_BATCH)) {
    paying.push(...(await riskSignals(db, workspaceId, { day, asOf: at, customerIds })).filter((s) => s.paying));
    await pacer.pace();
  }
  return paying;
}

/** The sample days of a training run on `day`: labelled days only (their horizon has passed),
 *  from a month after every signal group the workspace has (usage, tickets, NPS) has begun: a
 *  group that starts later would look "missing" on the earlier days, and the model would learn
 *  the calendar instead of the customers. Without any signals, the billing history counts. */
export async function trainingDays(db: Kysely<Database>, workspaceId: string, day: Day): Promise<Day[]> {
  const start = await historyStart(db, workspaceId);
  if (!start.ledger) return [];
  const begins = [start.ledger, start.usage, start.tickets, start.surveys].filter((d): d is Day => d !== null).sort();
  return sampleDays(addDays(begins.at(-1)!, WARM_UP_DAYS), addDays(day, -CHURN_HORIZON_DAYS));
}

/** Every (paying customer, sample day) row with its label. */
export async function collectSamples(db: Kysely<Database>, workspaceId: string, days: readonly Day[], churnDays: ReadonlyMap<string, readonly Day[]>, signal?: AbortSignal, options: BatchOptions = {}): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const day of days) {
    signal?.throwIfAborted();
    for (const signals of await payingSignals(db, workspaceId, day, endOfDayAsOf(day), options)) {
      samples.push({ customerId: signals.customerId, day, signals, label: churnLabel(churnDays.get(signals.customerId), day) });
    }
  }
  return samples;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export type TrainResult = { model: ChurnModelRow; activated: boolean; churned: number };

const rulesParams = () => ({ kind: 'rules', rules: CHURN_RULES.map((r) => ({ feature: r.feature, description: r.description, points: r.points })) });

/** Trains on the history up to `day` and stores the model (see the header for when it is made
 *  active). `now` stamps trained_at; `signal` stops a run between sample days (server shutdown). */
export async function trainChurnModel(store: Store, workspaceId: string, day: Day, now: Date = new Date(), signal?: AbortSignal): Promise<TrainResult> {
  const db = store.db;
  const churnDays = await churnDaysByCustomer(db, workspaceId, day);
  const samples = await collectSamples(db, workspaceId, await trainingDays(db, workspaceId, day), churnDays, signal, { pacer: createPacer(store) });
  signal?.throwIfAborted();
  const churned = churnedCustomers(samples);
  const split = timeSplit(samples);
  const evaluable = split.test.some((s) => s.label === 1) && split.train.some((s) => s.label === 1);
  const testRows = evaluable ? split.test : samples;
  const rules = evaluateScores(testRows, RULES_SCORER.score, churnDays);
  const base = {
    trainRows: evaluable ? split.train.length : samples.length, testRows: testRows.length, churnedCustomers: churned,
    cutoffDay: evaluable ? split.cutoff : null, rulesAuc: rules.auc,
  };

  if (churned < MIN_CHURNED_FOR_MODEL || !evaluable) {
    const model: ChurnModelRow = {
      modelId: newId('cm'), kind: 'rules', trainedAt: now, params: rulesParams(), trainingRows: samples.length, active: true,
      evaluation: { ...base, auc: rules.auc, precisionTopDecile: rules.precisionTopDecile, baseRate: rules.baseRate, leadTimeDays: rules.leadTimeDays,
        note: churned < MIN_CHURNED_FOR_MODEL ? `${churned} churned customers with signals; a model needs ${MIN_CHURNED_FOR_MODEL}` : 'no churn on both sides of the time split yet' },
    };
    await saveChurnModel(db, workspaceId, model);
    return { model, activated: true, churned };
  }

  // Each fit holds the event loop for a few seconds on a large workspace: let requests in between.
  await yieldToRequests();
  const tested = evaluateScores(split.test, logisticScorer(fitLogistic(split.train)).score, churnDays);
  await yieldToRequests();
  const params = fitLogistic(samples);
  const good = tested.auc !== null && tested.auc >= MIN_GOOD_AUC && tested.auc >= (rules.auc ?? 0);
  const model: ChurnModelRow = {
    modelId: newId('cm'), kind: 'logistic', trainedAt: now, params, trainingRows: samples.length, active: good,
    evaluation: { ...base, auc: tested.auc, precisionTopDecile: tested.precisionTopDecile, baseRate: tested.baseRate, leadTimeDays: tested.leadTimeDays, good },
  };
  await saveChurnModel(db, workspaceId, model);
  let active = good ? model : await activeChurnModel(db, workspaceId);
  if (!active) {
    // A model that is not good stays on record; the rules score until one is.
    active = {
      modelId: newId('cm'), kind: 'rules', trainedAt: now, params: rulesParams(), trainingRows: samples.length, active: true,
      evaluation: { ...base, auc: rules.auc, precisionTopDecile: rules.precisionTopDecile, baseRate: rules.baseRate, leadTimeDays: rules.leadTimeDays,
        note: `the logistic model's test AUC (${tested.auc?.toFixed(3) ?? 'none'}) did not reach ${MIN_GOOD_AUC} or the rules'` },
    };
    await saveChurnModel(db, workspaceId, active);
  }
  await pruneChurnModels(db, workspaceId, KEEP_MODELS);
  return { model: active, activated: good, churned };
}

export type ActiveScorer = { scorer: ChurnScorer; model: ChurnModelRow | null; id: string };

/** The workspace's active model as a scorer; the built-in rules before any training. */
export async function activeScorer(db: Kysely<Database>, workspaceId: string): Promise<ActiveScorer> {
  const model = await activeChurnModel(db, workspaceId);
  if (!model) return { scorer: RULES_SCORER, model: null, id: 'rules' };
  return { scorer: scorerOf(model.kind, model.params), model, id: model.modelId };
}

/** Scores every customer paying at the end of `day` into risk_scores (replacing that day's rows:
 *  running it twice changes nothing). Returns how many were scored. */
export async function scoreCustomers(store: Store, workspaceId: string, day: Day): Promise<number> {
  const { scorer, id } = await activeScorer(store.db, workspaceId);
  const paying = await payingSignals(store.db, workspaceId, day, endOfDayAsOf(day), { pacer: createPacer(store) });
  const rows = paying.map((s) => {
    const { probability, reasons } = scorer.score(s);
    return { customerId: s.customerId, probability, modelId: id, reasons };
  });
  await replaceRiskScores(store.db, workspaceId, day, rows);
  return rows.length;
}

/** Whether the active model is older than `maxAgeDays` (or missing). */
export function modelIsStale(model: ChurnModelRow | null, now: Date, maxAgeDays: number): boolean {
  if (!model) return true;
  return daysBetween(model.trainedAt.toISOString().slice(0, 10), now.toISOString().slice(0, 10)) >= maxAgeDays;
}
