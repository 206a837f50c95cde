-- GDPR erasure (issue 17): every customer anonymised or deleted, written in the transaction that
-- erased them, so that events arriving later for that customer (a Stripe webhook, a sync, an
-- import row, a tracking call, a support ticket) are scrubbed before they are stored.
-- ids: the customer's ids (its own and those linked to it), its product accounts and their
-- tracking users — what a later payload names it by. value_hashes: SHA-256 of the workspace id
-- and each personal value it had (e-mails, names, phones, street lines; trimmed, lower-cased),
-- so a later payload holding one of them is recognised without the value being kept.
create table erased_customers (
  workspace_id     text not null references workspaces (workspace_id) on delete cascade,
  customer_id      text not null,
  mode             text not null check (mode in ('anonymise', 'delete')),
  pseudonym_name   text not null,
  pseudonym_email  text not null,
  ids              jsonb not null default '[]',
  value_hashes     jsonb not null default '[]',
  erased_at        timestamptz not null,
  primary key (workspace_id, customer_id)
);
