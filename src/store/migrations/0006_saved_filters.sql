-- Saved filter presets: a named set of filters of a list screen (today the customers table),
-- shared by everyone in the workspace. `filters` holds the list's query parameters exactly as
-- the API takes them (validated by the route before they are stored); the name is unique per
-- workspace and screen, ignoring case.
create table saved_filters (
  workspace_id      text not null references workspaces (workspace_id) on delete cascade,
  filter_id         text not null,
  scope             text not null check (scope in ('customers')),
  name              text not null check (length(name) between 1 and 80),
  filters           jsonb not null,
  created_by        text references users (user_id) on delete set null,
  created_by_label  text not null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (workspace_id, filter_id)
);
create unique index saved_filters_name on saved_filters (workspace_id, scope, lower(name));
