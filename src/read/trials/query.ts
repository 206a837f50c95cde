// The SQL of the trials view: the trials that can matter to a range of days, and the paying
// spells of their customers (a paying customer is not in trial). Scoped by workspace; the pure
// figures are src/core/trial-metrics.ts.
import type { Kysely } from 'kysely';
import type { PayingSpellInput, TrialInput } from '../../core/trial-metrics.js';
import type { Day } from '../../core/types.js';
import type { Database, TrialsTable } from '../../store/schema.js';

const trialColumns = ['subscription_id', 'customer_id', 'started_day', 'converted_day', 'trial_end_day', 'ended_day'] as const;

type TrialRow = Pick<TrialsTable, (typeof trialColumns)[number]>;

const toTrialInput = (r: TrialRow): TrialInput => ({
  subscriptionId: r.subscription_id,
  customerId: r.customer_id,
  startedDay: r.started_day,
  convertedDay: r.converted_day,
  trialEndDay: r.trial_end_day,
  endedDay: r.ended_day,
});

/** The workspace's trials, as rows toTrialInput reads. */
function trialsOf(db: Kysely<Database>, workspaceId: string) {
  return db.selectFrom('trials').select(trialColumns).where('workspace_id', '=', workspaceId);
}

/** Trials that can matter to figures over [from, to]: started by `to`, and started within the
 *  range, converted within or after it, or still running on `from` (no conversion, trial end or
 *  subscription end on or before it). Every other trial was over before the range began. */
export async function trialsRelevantTo(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<TrialInput[]> {
  const rows = await trialsOf(db, workspaceId)
    .where('started_day', '<=', to)
    .where((eb) => eb.or([
      eb('started_day', '>=', from),
      eb('converted_day', '>=', from),
      eb.and([
        eb.or([eb('converted_day', 'is', null), eb('converted_day', '>', from)]),
        eb.or([eb('trial_end_day', 'is', null), eb('trial_end_day', '>', from)]),
        eb.or([eb('ended_day', 'is', null), eb('ended_day', '>', from)]),
      ]),
    ]))
    .execute();
  return rows.map(toTrialInput);
}

/** Trials that started in [from, to] (the conversion window). */
export async function trialsStartedIn(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<TrialInput[]> {
  const rows = await trialsOf(db, workspaceId)
    .where('started_day', '>=', from)
    .where('started_day', '<=', to)
    .execute();
  return rows.map(toTrialInput);
}

/** The paying spells overlapping [from, to] of the customers with a trial started by `to`. */
export async function payingSpellsOfTrialists(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<PayingSpellInput[]> {
  const rows = await db
    .selectFrom('paying_spells')
    .select(['customer_id', 'start_day', 'end_day'])
    .where('workspace_id', '=', workspaceId)
    .where('start_day', '<=', to)
    .where((eb) => eb.or([eb('end_day', 'is', null), eb('end_day', '>', from)]))
    .where('customer_id', 'in', (eb) =>
      eb.selectFrom('trials').select('trials.customer_id').where('trials.workspace_id', '=', workspaceId).where('trials.started_day', '<=', to))
    .execute();
  return rows.map((r) => ({ customerId: r.customer_id, startDay: r.start_day, endDay: r.end_day }));
}
