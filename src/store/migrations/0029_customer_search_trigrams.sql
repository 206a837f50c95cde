-- Customer search (`q`: a substring of the name, e-mail or id, case-insensitive) without reading
-- every customer summary: trigram indexes (pg_trgm, GIN) over exactly the three expressions the
-- search matches with LIKE '%q%' (src/read/customers/query.ts). Patterns with at least one
-- trigram (3+ characters) are answered from the index; shorter ones still read the summaries.
--
-- pg_trgm ships with PostgreSQL (contrib) and PGlite, and is a trusted extension: any role that
-- may create objects in the database can create it. Where it cannot be created (contrib not
-- installed, or no CREATE right on the database), the migration does not fail: it warns, and
-- search stays correct but reads every summary. docs/api.md ("Customer search") says how to add
-- the indexes later by hand.
do $$
declare
  ops text;
begin
  begin
    create extension if not exists pg_trgm;
  exception when others then
    raise warning 'pg_trgm is not available (%): customer search will read every customer summary; see docs/api.md, "Customer search"', sqlerrm;
  end;
  -- The operator class by its schema: the extension may live outside the search path.
  select format('%I.gin_trgm_ops', n.nspname) into ops
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  if ops is not null then
    execute format('create index if not exists customer_summaries_search_name on customer_summaries using gin ((lower(coalesce(name, %L))) %s)', '', ops);
    execute format('create index if not exists customer_summaries_search_email on customer_summaries using gin ((lower(coalesce(email, %L))) %s)', '', ops);
    execute format('create index if not exists customer_summaries_search_id on customer_summaries using gin ((lower(customer_id)) %s)', ops);
  end if;
end
$$;
