-- The Stripe connection: backfill progress (resumable), objects staged while a backfill runs,
-- and which source is being synced right now (for the freshness indicator).

-- One row per source that has ever been synced. `cursors` holds, per object type, where listing
-- stopped ({"after": id, "done": bool, "count": n, "total": n}), so an interrupted backfill
-- continues where it stopped. `as_of` is fixed when a backfill starts: every object listed is
-- stamped with it, so a resumed run writes exactly what an uninterrupted one would have.
create table source_sync_state (
  workspace_id        text not null references workspaces (workspace_id) on delete cascade,
  source_id           text not null,
  backfill_status     text not null default 'none' check (backfill_status in ('none', 'running', 'done', 'failed')),
  backfill_as_of      bigint,
  backfill_cutoff     bigint,
  backfill_cursors    jsonb not null default '{}',
  backfill_started_at timestamptz,
  backfill_finished_at timestamptz,
  running_kind        text check (running_kind in ('full', 'incremental')),
  running_since       timestamptz,
  primary key (workspace_id, source_id)
);

-- Subscriptions, invoices, charges and prices listed by a running backfill, kept until the
-- subscription histories are reconstructed from them (then deleted). parent_id links an invoice
-- to its subscription and a charge to its invoice.
create table sync_staging (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  source_id     text not null,
  object_type   text not null check (object_type in ('subscription', 'invoice', 'charge', 'price')),
  object_id     text not null,
  parent_id     text,
  payload       jsonb not null,
  primary key (workspace_id, source_id, object_type, object_id)
);
create index sync_staging_parent on sync_staging (workspace_id, source_id, object_type, parent_id);
