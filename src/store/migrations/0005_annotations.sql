-- Annotations on the revenue charts: a day and a short note ("Launched the Team plan", "Black
-- Friday campaign") that the dashboard pins to its charts. Shared by the workspace; who wrote
-- each is kept by label too, so it survives the person's account being removed.
create table annotations (
  workspace_id      text not null references workspaces (workspace_id) on delete cascade,
  annotation_id     text not null,
  day               date not null,
  title             text not null check (length(title) between 1 and 80),
  description       text check (description is null or length(description) <= 500),
  kind              text not null default 'other' check (kind in ('launch', 'campaign', 'pricing', 'incident', 'other')),
  created_by        text references users (user_id) on delete set null,
  created_by_label  text not null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (workspace_id, annotation_id)
);
create index annotations_day on annotations (workspace_id, day);
