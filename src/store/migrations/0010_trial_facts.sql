-- Trials from facts (issue 11): each trial's real end instead of an assumed 30-day length.
-- trial_end_day: the day the trial was due to end (Stripe's trial_end, the newest on record);
-- ended_day: the day the subscription ended or is scheduled to end. A trial is active on day D
-- when started_day <= D and D is before its trial_end_day, converted_day and ended_day.
alter table trials add column trial_end_day date;
alter table trials add column ended_day date;

-- Filled at once from each subscription's newest snapshot, so figures are right straight after
-- the upgrade; the recompute queued below then writes the exact values (src/core/trial-facts.ts).
update trials t set trial_end_day = (
  select (to_timestamp((s.state->>'trialEnd')::bigint) at time zone 'UTC')::date
  from subscription_snapshots s
  where s.workspace_id = t.workspace_id and s.subscription_id = t.subscription_id and s.state->>'trialEnd' is not null
  order by s.effective_at desc, s.event_id desc
  limit 1);

update trials t set ended_day = (to_timestamp(x.ended) at time zone 'UTC')::date
from (
  select distinct on (workspace_id, subscription_id) workspace_id, subscription_id,
    coalesce((state->>'endedAt')::bigint, (state->>'cancelAt')::bigint) as ended
  from subscription_snapshots
  order by workspace_id, subscription_id, effective_at desc, event_id desc
) x
where x.workspace_id = t.workspace_id and x.subscription_id = t.subscription_id and x.ended is not null;

insert into ledger_pending (workspace_id, customer_id)
select distinct workspace_id, customer_id from trials
on conflict (workspace_id, customer_id) do nothing;

create index trials_trial_end on trials (workspace_id, trial_end_day);
