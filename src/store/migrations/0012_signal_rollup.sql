-- The tracking roll-up's own bookkeeping (issue 13, signals in): which messages wait for their
-- user to be grouped, why a message was not counted, and the exact set of users behind each
-- usage_daily row.

-- A track/page/screen message whose user belongs to no account yet is held (held_at set) and
-- left out of the roll-up's claims until a group call ties the user to an account (held_at goes
-- back to null) — or until it is too old or too many are held, when it is dropped with a reason.
alter table signal_events add column held_at timestamptz;
alter table signal_events add column drop_reason text check (drop_reason in ('anonymous', 'held_too_long', 'held_over_cap'));
create index signal_events_claimable on signal_events (received_at) where rolled_up_at is null and held_at is null;
create index signal_events_held on signal_events (workspace_id, user_id) where rolled_up_at is null and held_at is not null;

-- Who used each event on each day in each account: usage_daily.users is the number of rows here
-- for its key, kept exact by counting only the rows a roll-up inserts (a replay inserts none).
create table usage_daily_users (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  account_id     text not null,
  day            date not null,
  event          text not null,
  user_id        text not null,
  primary key (workspace_id, account_id, day, event, user_id)
);
