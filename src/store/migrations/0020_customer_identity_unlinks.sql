-- One customer across sources (issue 15): a customer someone unlinked is never linked again by
-- e-mail matching (a person said these are two customers). A manual mapping still may link it.
create table customer_identity_unlinks (
  workspace_id  text not null references workspaces (workspace_id) on delete cascade,
  customer_id   text not null,
  created_by    text,
  created_at    timestamptz not null default now(),
  primary key (workspace_id, customer_id)
);

-- E-mail matching looks customers up by e-mail (trimmed, case-insensitive) on every ingest batch
-- that stores customer records.
create index customers_email_match on customers (workspace_id, lower(btrim(email))) where email is not null;
