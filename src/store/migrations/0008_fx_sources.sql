-- Exchange rates that just work (issue "Real workspaces"): every rate says where it came from —
-- 'ecb' (the European Central Bank's reference rates, fetched by the FX job), 'import' (a file
-- or the API), 'demo' — and when it was last written. ECB rates are stored as quotes per euro
-- (currency 'eur', quote_currency X, rate = units of X per one euro), exactly as published.
alter table fx_rates
  add column source     text not null default 'import',
  add column updated_at timestamptz;

-- The FX job's state per workspace: the last fetch, what it brought, and its last error.
create table fx_fetches (
  workspace_id   text primary key references workspaces (workspace_id) on delete cascade,
  source         text not null,
  fetched_at     timestamptz,
  rates_stored   integer not null default 0,
  last_error     text,
  last_error_at  timestamptz
);
