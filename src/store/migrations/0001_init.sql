-- Revpulse schema, version 1. Every table carries workspace_id and every query is scoped by it.
-- Written for PostgreSQL 15+ and PGlite (PostgreSQL 18 in WebAssembly) alike.

create table workspaces (
  workspace_id        text primary key,
  name                text not null,
  slug                text not null unique,
  reporting_currency  text not null default 'usd' check (reporting_currency ~ '^[a-z]{3}$'),
  preset              text not null default 'default' check (preset in ('default', 'stripe', 'chartmogul')),
  is_demo             boolean not null default false,
  mrr_target          bigint check (mrr_target is null or mrr_target >= 0),
  created_at          timestamptz not null default now()
);

create table sources (
  workspace_id        text not null references workspaces (workspace_id) on delete cascade,
  source_id           text not null unique,
  provider            text not null check (provider in ('stripe', 'paypal', 'file')),
  name                text not null,
  mode                text not null default 'live' check (mode in ('test', 'live')),
  webhook_secret_enc  text,
  api_key_enc         text,
  status              text not null default 'active',
  sync_cursor         text,
  last_synced_at      timestamptz,
  last_event_at       timestamptz,
  last_error          text,
  created_at          timestamptz not null default now(),
  primary key (workspace_id, source_id)
);

-- Every provider event exactly once, as received. The processing queue is this table: rows with
-- processed_at null are still to do, so work survives a restart.
create table raw_events (
  workspace_id   text not null references workspaces (workspace_id) on delete cascade,
  source_id      text not null,
  event_id       text not null,
  type           text not null,
  event_created  timestamptz not null,
  livemode       boolean not null,
  payload        jsonb not null,
  received_at    timestamptz not null default now(),
  processed_at   timestamptz,
  drop_reason    text,
  drop_detail    text,
  attempts       integer not null default 0,
  last_error     text,
  primary key (workspace_id, source_id, event_id)
);
create index raw_events_pending on raw_events (event_created, event_id) where processed_at is null;

create table customers (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  source_id     text not null,
  email         text,
  name          text,
  country       text,
  currency      text,
  created_at    timestamptz,
  deleted       boolean not null default false,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, customer_id)
);

-- A subscription as the provider described it at effective_at. Append-only: the state at any
-- time is the latest snapshot at or before it, so delivery order cannot change history.
create table subscription_snapshots (
  workspace_id               text not null references workspaces (workspace_id) on delete cascade,
  subscription_id            text not null,
  effective_at               bigint not null,
  event_id                   text not null,
  source_id                  text not null,
  customer_id                text not null,
  state                      jsonb not null,
  unresolved_discount_ids    jsonb not null default '[]',
  unresolved_tier_price_ids  jsonb not null default '[]',
  primary key (workspace_id, subscription_id, effective_at, event_id)
);
create index subscription_snapshots_customer on subscription_snapshots (workspace_id, customer_id);
-- "Which subscriptions refer to this discount / tiered price?" when its definition arrives.
create index subscription_snapshots_unresolved_discounts on subscription_snapshots using gin (unresolved_discount_ids);
create index subscription_snapshots_unresolved_tiers on subscription_snapshots using gin (unresolved_tier_price_ids);

-- Provider objects kept at their newest version: version_at is the time of the event that wrote
-- them, version_rank orders versions of one second along the object's lifecycle (an invoice
-- created, finalized and paid within a second must end up paid whatever the delivery order).
create table discounts (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  discount_id   text not null,
  customer_id   text,
  subscription_id text,
  deleted       boolean not null default false,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, discount_id)
);

create table coupons (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  coupon_id     text not null,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, coupon_id)
);

create table products (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  product_id    text not null,
  name          text,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, product_id)
);

create table prices (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  price_id      text not null,
  product_id    text,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, price_id)
);

create table invoices (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  invoice_id       text not null,
  customer_id      text,
  subscription_id  text,
  status           text,
  currency         text not null,
  total            bigint not null,
  amount_paid      bigint not null,
  created_at       timestamptz not null,
  record           jsonb not null,
  version_at       bigint not null,
  version_rank     smallint not null default 0,
  primary key (workspace_id, invoice_id)
);
create index invoices_customer on invoices (workspace_id, customer_id);

create table invoice_payments (
  workspace_id        text not null references workspaces (workspace_id) on delete cascade,
  invoice_payment_id  text not null,
  invoice_id          text not null,
  payment_id          text,
  record              jsonb not null,
  version_at          bigint not null,
  version_rank        smallint not null default 0,
  primary key (workspace_id, invoice_payment_id)
);

create table payments (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  payment_id       text not null,
  customer_id      text,
  invoice_id       text,
  status           text not null,
  currency         text not null,
  amount           bigint not null,
  amount_refunded  bigint not null default 0,
  failure_code     text,
  created_at       timestamptz not null,
  record           jsonb not null,
  version_at       bigint not null,
  version_rank     smallint not null default 0,
  primary key (workspace_id, payment_id)
);
create index payments_created on payments (workspace_id, created_at);
create index payments_customer on payments (workspace_id, customer_id);

create table refunds (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  refund_id     text not null,
  payment_id    text,
  status        text,
  currency      text not null,
  amount        bigint not null,
  created_at    timestamptz not null,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, refund_id)
);

create table disputes (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  dispute_id    text not null,
  payment_id    text,
  status        text,
  currency      text not null,
  amount        bigint not null,
  created_at    timestamptz not null,
  record        jsonb not null,
  version_at    bigint not null,
  version_rank  smallint not null default 0,
  primary key (workspace_id, dispute_id)
);

create table credit_notes (
  workspace_id    text not null references workspaces (workspace_id) on delete cascade,
  credit_note_id  text not null,
  invoice_id      text,
  customer_id     text,
  status          text,
  currency        text not null,
  amount          bigint not null,
  created_at      timestamptz not null,
  record          jsonb not null,
  version_at      bigint not null,
  version_rank    smallint not null default 0,
  primary key (workspace_id, credit_note_id)
);

-- Derived: the customer ledger (src/core/ledger.ts), one row per customer, day and currency on
-- which the end-of-day MRR changed. Rebuildable from subscription_snapshots at any time.
create table ledger_entries (
  workspace_id    text not null references workspaces (workspace_id) on delete cascade,
  customer_id     text not null,
  day             date not null,
  currency        text not null,
  mrr             bigint not null,
  delta           bigint not null,
  movement        text not null check (movement in ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
  cause_event_id  text not null,
  primary key (workspace_id, customer_id, day, currency)
);
create index ledger_entries_day on ledger_entries (workspace_id, day);

-- Customers whose ledger must be recomputed: written in the same transaction as the records
-- that changed them and removed in the same transaction as the recomputed rows, so a crash in
-- between leaves the work queued, never lost.
create table ledger_pending (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  mark          bigserial not null,
  primary key (workspace_id, customer_id)
);

create table trials (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  subscription_id  text not null,
  customer_id      text not null,
  started_day      date not null,
  converted_day    date,
  primary key (workspace_id, subscription_id)
);

-- Units of quote_currency per one major unit of currency, by day.
create table fx_rates (
  workspace_id    text not null references workspaces (workspace_id) on delete cascade,
  currency        text not null,
  quote_currency  text not null,
  day             date not null,
  rate            numeric(30, 12) not null check (rate > 0),
  primary key (workspace_id, currency, quote_currency, day)
);

-- The live feed's replay buffer: seq orders messages per workspace across every instance.
create table live_messages (
  seq           bigserial primary key,
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  type          text not null,
  payload       jsonb not null,
  created_at    timestamptz not null default now()
);
create index live_messages_workspace on live_messages (workspace_id, seq);
