-- Beyond Stripe (issue 15): PayPal sources, subscription imports from any billing system, and one
-- customer across sources.

-- 'import': a subscription file source (CSV or JSON lines, docs/import.md). 'file' stays what it
-- was: a file of Stripe events (`revpulse metrics --events`).
alter table sources drop constraint if exists sources_provider_check;
alter table sources add constraint sources_provider_check check (provider in ('stripe', 'paypal', 'file', 'import'));
-- What a provider needs that is not a secret: PayPal's client id, webhook id and sandbox flag.
-- Secrets stay in the *_enc columns (PayPal's client secret in api_key_enc).
alter table sources add column config jsonb not null default '{}';

-- One customer across sources: customer_id (a provider's customer) counts as canonical_id in every
-- count and movement. rule 'email': matched by e-mail across sources; 'mapping': said by a person
-- (created_by). A customer with no row here is its own canonical customer.
create table customer_identities (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  canonical_id  text not null,
  rule          text not null check (rule in ('email', 'mapping')),
  created_by    text,
  created_at    timestamptz not null default now(),
  primary key (workspace_id, customer_id),
  check (customer_id <> canonical_id)
);
create index customer_identities_canonical on customer_identities (workspace_id, canonical_id);

-- One run of `revpulse import`, POST /v1/import or the Settings upload: what it read, what it
-- changed, and the first errors (line and column each), for the import history.
create table imports (
  workspace_id    text not null references workspaces (workspace_id) on delete cascade,
  import_id       text not null,
  source_id       text not null,
  file_name       text,
  format          text not null check (format in ('csv', 'jsonl')),
  dry_run         boolean not null default false,
  status          text not null check (status in ('running', 'completed', 'failed', 'refused')),
  rows_total      integer not null default 0,
  rows_valid      integer not null default 0,
  rows_invalid    integer not null default 0,
  events_new      integer not null default 0,
  events_changed  integer not null default 0,
  errors          jsonb not null default '[]',
  created_by      text,
  created_at      timestamptz not null default now(),
  finished_at     timestamptz,
  primary key (workspace_id, import_id)
);
create index imports_recent on imports (workspace_id, created_at desc);
