-- The metrics API and the live feed: tables derived from the customer ledger so that every
-- figure is answered without replaying the ledger, a per-customer summary for the customers
-- list, and the outbox of what changed (turned into live messages). Every derived table here is
-- rewritten by src/engine/derived-tables.ts in the same transaction as the ledger rows it is
-- derived from, and rebuilt from scratch by `revpulse rebuild`.

-- Per day and currency: the sum of the ledger deltas of each movement kind (native minor units)
-- and the customer-day events of each kind. A customer-day's events are counted once, on the
-- alphabetically first currency of its rows, so summing over currencies counts each once.
create table metric_days (
  workspace_id           text not null references workspaces (workspace_id) on delete cascade,
  day                    date not null,
  currency               text not null,
  new                    bigint not null default 0,
  expansion              bigint not null default 0,
  contraction            bigint not null default 0,
  churn                  bigint not null default 0,
  reactivation           bigint not null default 0,
  new_customers          integer not null default 0,
  reactivated_customers  integer not null default 0,
  churned_customers      integer not null default 0,
  primary key (workspace_id, day, currency)
);

-- The same per cohort (the month of a customer's first `new` movement): the change of the
-- cohort's native MRR, customers who joined, and the change in its paying customers.
create table cohort_days (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  cohort        text not null check (cohort ~ '^\d{4}-\d{2}$'),
  day           date not null,
  currency      text not null,
  mrr_delta     bigint not null default 0,
  joined        integer not null default 0,
  paying_delta  integer not null default 0,
  primary key (workspace_id, cohort, day, currency)
);

-- A customer's MRR per plan (src/core/plan-ledger.ts): one row per customer, plan, currency and
-- day on which that part of the MRR changed. Per customer, currency and day the plans sum to
-- the ledger's mrr exactly.
create table plan_ledger_entries (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  plan_id       text not null,
  currency      text not null,
  day           date not null,
  mrr           bigint not null check (mrr >= 0),
  delta         bigint not null,
  primary key (workspace_id, customer_id, plan_id, currency, day)
);

-- plan_ledger_entries summed per day: the change of each plan's native MRR and of its paying
-- customers (counted once per customer and plan, on the first currency).
create table plan_days (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  day              date not null,
  plan_id          text not null,
  currency         text not null,
  mrr_delta        bigint not null default 0,
  customers_delta  integer not null default 0,
  primary key (workspace_id, day, plan_id, currency)
);

-- Display names of plans (the product name, else the price nickname, else the id).
create table plans (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  plan_id       text not null,
  name          text not null,
  primary key (workspace_id, plan_id)
);

-- Each stretch of time a customer was paying: from a new or reactivation movement to the churn
-- that ended it (null: still paying). "Paying at the start of a period and churned in it" is
-- then one range lookup (the customer churn rate's numerator).
create table paying_spells (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  start_day     date not null,
  end_day       date,
  primary key (workspace_id, customer_id, start_day)
);
create index paying_spells_end on paying_spells (workspace_id, end_day);

-- One row per customer known from a customer record or a subscription: who they are and where
-- they stand now. `mrr` is in `currency` (the currency of the customer's largest MRR);
-- `mrr_sort` is the same converted into the workspace's reporting currency when the row was
-- written (the sort key and the MRR-range filter). A scheduled change (a discount ending)
-- sets next_change_day; rows whose day has come are refreshed before they are read.
create table customer_summaries (
  workspace_id         text not null references workspaces (workspace_id) on delete cascade,
  customer_id          text not null,
  name                 text,
  email                text,
  country              text,
  customer_created_at  timestamptz,
  deleted              boolean not null default false,
  status               text not null check (status in ('active', 'past_due', 'trialing', 'churned', 'inactive')),
  currency             text,
  mrr                  bigint not null default 0,
  mrr_sort             bigint not null default 0,
  mrr_by_currency      jsonb not null default '{}',
  plan_id              text,
  plan_name            text,
  subscriptions        integer not null default 0,
  signup_day           date,
  first_paid_day       date,
  cancel_scheduled     boolean not null default false,
  next_change_day      date,
  as_of_day            date not null,
  primary key (workspace_id, customer_id)
);
-- The customers list's sort orders (scanned forwards or backwards; ties broken by customer_id).
create index customer_summaries_mrr on customer_summaries (workspace_id, mrr_sort, customer_id);
create index customer_summaries_signup on customer_summaries (workspace_id, (coalesce(signup_day, date '0001-01-01')), customer_id);
create index customer_summaries_name on customer_summaries (workspace_id, (lower(coalesce(name, ''))), customer_id);
create index customer_summaries_signup_day on customer_summaries (workspace_id, signup_day);
create index customer_summaries_due on customer_summaries (workspace_id, next_change_day) where next_change_day is not null;

-- What changed (payments, ledger movements, signups, scheduled cancellations), written in the
-- transaction that changed it when the pipeline runs without a live announcer (a running server
-- announces in that transaction directly), and turned into live messages by
-- src/live/publish-updates.ts, which deletes the notes in the transaction that stores the
-- messages: a note becomes messages exactly once, even across a crash.
create table live_outbox (
  id            bigserial primary key,
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  kind          text not null,
  data          jsonb not null,
  created_at    timestamptz not null default now()
);
create index live_outbox_workspace on live_outbox (workspace_id, id);

create index payments_invoice on payments (workspace_id, invoice_id);
create index refunds_created on refunds (workspace_id, created_at);
create index disputes_created on disputes (workspace_id, created_at);
create index trials_started on trials (workspace_id, started_day);
create index trials_converted on trials (workspace_id, converted_day);
-- The monthly report's default range is the months of the first and last event.
create index raw_events_created on raw_events (workspace_id, event_created);

-- How far each workspace's replay buffer (live_messages) has been trimmed: a client asking for
-- messages after an older seq missed some that are gone, and is told to resync.
create table live_trims (
  workspace_id  text primary key references workspaces (workspace_id) on delete cascade,
  through_seq   bigint not null
);
