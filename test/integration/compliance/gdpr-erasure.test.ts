// Issue 17, item 2: after anonymise or delete, a search of the whole database (every table of every
// schema, each row cast to text, bytea decoded as UTF-8 too) finds none of the customer's e-mail,
// name or address line; the revenue figures are identical before and after, and after a full
// rebuild from the raw log; delete also removes the non-revenue rows; and an event arriving later
// for the erased customer (a Stripe webhook, a tracking call, a ticket) is scrubbed before it is
// stored. The customer reaches us the way real data does: signed Stripe webhooks (customer,
// subscription, invoice, charge with billing_details), an import row under the same e-mail (linked
// by e-mail matching), Segment identify/group/track calls, a support ticket and an NPS response
// through the API, plus an audit entry, an alert and an earlier export naming them.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyCaller } from '../../helpers/auth.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { derivedState } from '../../helpers/derived-state.js';
import { event, price, signedWebhook, subscription } from '../../helpers/stripe-events.js';
import { eraseCustomer, exportCustomerData } from '../../../src/compliance/customer-data.js';
import { rebuildWorkspace } from '../../../src/engine/recompute.js';
import { queueReprocessing } from '../../../src/ingest/reprocess.js';
import { rollUpAll } from '../../../src/ingest/segment/rollup.js';
import { runImport } from '../../../src/ingest/import/run-import.js';
import { appendAudit } from '../../../src/store/audit-repo.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, findWorkspace } from '../../../src/store/workspaces-repo.js';

const NOW = new Date('2025-06-20T12:00:00.000Z');
const SECRET = 'whsec_gdpr_erasure';
const at = (day: string) => Date.parse(`${day}T10:00:00Z`) / 1000;
const PRO = price({ id: 'price_gdpr_pro', amount: 4_900, product: 'prod_gdpr_pro' });
const TEAM = price({ id: 'price_gdpr_team', amount: 9_900, product: 'prod_gdpr_team' });
const IMPORT_HEADER = 'customer_id,customer_name,customer_email,subscription_id,effective_at,status,plan,currency,amount,interval,interval_count,quantity';
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../fixtures/stripe/${name}.json`, import.meta.url), 'utf8'));

type Person = { id: string; name: string; email: string; line1: string; phone: string };
const person = (tag: string): Person => ({
  id: `cus_gdpr_${tag}`, name: `Dana Quistgaard-${tag}`, email: `dana.${tag}@erasure.example`, line1: `77 Rue des Effacements ${tag}`, phone: `+33 1 55 66 ${tag.length}${tag.length} 00`,
});

type Built = { workspaceId: string; dana: Person; omar: Person; post: (e: ReturnType<typeof event>) => Promise<void>; track: (route: string, body: unknown) => Promise<void> };

describe.each(BACKENDS)('GDPR erasure leaves nothing behind and revenue unchanged (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now: () => NOW, env: { REVPULSE_RATE_LIMIT_WEBHOOKS: '1000000' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function build(tag: string): Promise<Built> {
    const ws = await ensureWorkspace(db.store.db, { slug: `gdpr-${tag}`, name: `GDPR ${tag}` });
    const stripe = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 'Stripe', mode: 'test', webhookSecret: SECRET });
    const ingest = await apiKeyCaller(t, ws.id, 'ingest');
    const dana = person(tag);
    const omar: Person = { id: `cus_keep_${tag}`, name: `Omar Okonkwo-${tag}`, email: `omar.${tag}@keep.example`, line1: `5 Keep Street ${tag}`, phone: '+44 20 7946 0000' };
    const post = async (e: ReturnType<typeof event>) => {
      const { body, headers } = signedWebhook(e, SECRET, Math.floor(NOW.getTime() / 1000));
      const response = await t.app.inject({ method: 'POST', url: `/webhooks/stripe/${stripe.id}`, payload: body, headers });
      expect(response.statusCode, response.body).toBe(200);
    };
    const track = async (route: string, body: unknown) => {
      const response = await t.app.inject({ method: 'POST', url: `/v1/${route}`, headers: { ...ingest.headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      expect(response.statusCode, `${route}: ${response.body}`).toBe(200);
    };
    const address = (p: Person) => ({ line1: p.line1, line2: null, city: 'Lyon', postal_code: '69002', state: null, country: 'FR' });
    for (const [p, plan, day] of [[dana, PRO, '2025-01-10'], [omar, TEAM, '2025-02-03']] as const) {
      await post(event('customer.created', { id: p.id, object: 'customer', name: p.name, email: p.email, phone: p.phone, address: address(p), shipping: { name: p.name, phone: p.phone, address: address(p) }, description: `Signed by ${p.name}`, currency: null, created: at(day) - 60, metadata: {} }, at(day) - 60));
      await post(event('customer.subscription.created', subscription({ id: `sub_${p.id}`, customer: p.id, price: plan, start: at(day) }), at(day)));
    }
    await post(event('customer.subscription.updated', subscription({ id: `sub_${dana.id}`, customer: dana.id, price: PRO, start: at('2025-01-10'), quantity: 2 }), at('2025-04-02')));
    // An invoice and a charge for Dana: real payload shapes with her details in them.
    const inv = (fixture('invoice.paid.legacy-proration').data as { object: Record<string, unknown> }).object;
    Object.assign(inv, { customer: dana.id, subscription: `sub_${dana.id}`, customer_email: dana.email, customer_name: dana.name, customer_address: address(dana), customer_phone: dana.phone, created: at('2025-02-10') });
    await post(event('invoice.paid', inv, at('2025-02-10')));
    const charge = (fixture('charge.succeeded.basil').data as { object: Record<string, unknown> }).object;
    Object.assign(charge, { customer: dana.id, receipt_email: dana.email, billing_details: { name: dana.name, email: dana.email, phone: dana.phone, address: address(dana), tax_id: null }, description: `Payment from ${dana.name}`, created: at('2025-02-10') });
    await post(event('charge.succeeded', charge, at('2025-02-10')));
    await t.worker.drain();

    // An import under the same e-mail: e-mail matching links it to the Stripe customer.
    const csv = [
      IMPORT_HEADER,
      `dq-${tag},${dana.name},${dana.email},imp-sub-${tag},2025-03-01T10:00:00Z,active,Legacy,USD,19.00,month,1,1`,
      '',
    ].join('\n');
    const imported = await runImport(db.store, csv, { workspaceId: ws.id, sourceName: 'Legacy billing', fileName: 'legacy.csv', apply: 'queue' });
    expect(imported.status).toBe('completed');
    await t.worker.drain();

    // Product tracking: Dana's user in an account linked to her (group id = her customer id).
    await track('identify', { userId: `u-${tag}`, traits: { email: dana.email, name: dana.name, phone: dana.phone, address: { street: dana.line1, city: 'Lyon' } }, context: { ip: '203.0.113.9' }, timestamp: '2025-06-01T10:00:00Z' });
    await track('group', { userId: `u-${tag}`, groupId: dana.id, traits: { name: dana.name, email: dana.email }, timestamp: '2025-06-01T10:00:01Z' });
    await track('track', { userId: `u-${tag}`, event: 'Report Exported', properties: { name: 'Monthly report' }, timestamp: '2025-06-02T10:00:00Z' });
    await rollUpAll(db.store, { now: () => NOW });

    // Support and NPS with her e-mail, an audit entry and an alert naming her.
    await track('support/tickets', { id: `T-${tag}`, email: dana.email, subject: `Change the address of ${dana.name}`, openedAt: '2025-06-03' });
    await track('surveys/responses', { id: `S-${tag}`, score: 9, email: dana.email, comment: `Great tool, ${dana.name}`, respondedAt: '2025-06-04' });
    await appendAudit(db.store.db, [{ workspaceId: ws.id, actorType: 'user', actorId: null, actorLabel: 'Ada Admin', action: 'customer.viewed', targetType: 'customer', targetId: dana.id, targetLabel: dana.name, detail: { email: dana.email }, ip: '198.51.100.7', at: NOW }]);
    await sql`insert into alert_rules (workspace_id, rule_id, kind, name) values (${ws.id}, ${`rule_${tag}`}, 'payment_failed', 'Payment failed')`.execute(db.store.db);
    await sql`insert into alerts (workspace_id, alert_id, rule_id, customer_id, status, opened_at, evidence)
      values (${ws.id}, ${`alert_${tag}`}, ${`rule_${tag}`}, ${dana.id}, 'open', ${NOW.toISOString()}, ${JSON.stringify({ day: '2025-06-05', threshold: null, sentence: `${dana.name} (${dana.email}) has a failed payment`, figures: [] })}::jsonb)`.execute(db.store.db);
    // Tables no list names: a report delivery's error and an import's stored errors quoting her
    // (the whole-workspace sweep finds them).
    await sql`insert into report_deliveries (workspace_id, delivery_id, report_key, period_key, as_of, recipients, formats, trigger, status, last_error)
      values (${ws.id}, ${`rd_${tag}`}, 'weekly', '2025-W23', ${NOW.toISOString()}, ${JSON.stringify([dana.email])}::jsonb, '["pdf"]'::jsonb, 'manual', 'failed', ${`550 mailbox ${dana.email} unavailable`})`.execute(db.store.db);
    await sql`update imports set errors = ${JSON.stringify([{ line: 2, column: 'customer_name', message: `"${dana.name}" at ${dana.line1} looks odd` }])}::jsonb where workspace_id = ${ws.id}`.execute(db.store.db);
    // An earlier export, kept as a GDPR request's artifact: it holds everything too.
    const exported = await exportCustomerData(db.store.db, { workspaceId: ws.id, customerId: dana.id });
    await sql`insert into gdpr_requests (workspace_id, request_id, kind, customer_id, status, requested_by_type, requested_by_label, artifact)
      values (${ws.id}, ${`gdpr_${tag}`}, 'export', ${dana.id}, 'completed', 'cli', 'cli', ${Buffer.from(exported.zip)})`.execute(db.store.db);
    return { workspaceId: ws.id, dana, omar, post, track };
  }

  /** Where in the whole database any of `needles` is found: "schema.table" per hit. */
  async function searchEverywhere(needles: readonly string[]): Promise<string[]> {
    const patterns = needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const tables = await sql<{ s: string; t: string; bytea: string[] | null }>`
      select t.table_schema as s, t.table_name as t,
        (select array_agg(c.column_name::text) from information_schema.columns c
          where c.table_schema = t.table_schema and c.table_name = t.table_name and c.data_type = 'bytea') as bytea
      from information_schema.tables t
      where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema') and t.table_schema not like 'pg\\_%'`.execute(db.store.db);
    expect(tables.rows.length).toBeGreaterThan(40);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const hits: string[] = [];
    for (const { s, t: table, bytea } of tables.rows) {
      const found = await sql<{ n: number }>`select count(*) as n from ${sql.table(`${s}.${table}`)} r where r::text ilike any(${sql.val(patterns)}::text[])`.execute(db.store.db);
      if (Number(found.rows[0]!.n) > 0) hits.push(`${s}.${table}`);
      for (const c of bytea ?? []) {
        const values = await sql<{ v: Uint8Array }>`select ${sql.ref(c)} as v from ${sql.table(`${s}.${table}`)} where ${sql.ref(c)} is not null`.execute(db.store.db);
        for (const { v } of values.rows) {
          const decoded = decoder.decode(v).toLowerCase();
          if (needles.some((n) => decoded.includes(n.toLowerCase()))) hits.push(`${s}.${table}.${c} (bytea)`);
        }
      }
    }
    return hits;
  }

  const secrets = (p: Person) => [p.email, p.name, p.line1];

  async function figures(workspaceId: string) {
    const caller = await apiKeyCaller(t, workspaceId, 'viewer');
    const get = async (path: string) => {
      const response = await t.app.inject({ url: `${path}&workspace=${workspaceId}`, headers: caller.headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as unknown;
    };
    const state = await derivedState(db.store.db, workspaceId);
    return {
      monthly: await get('/v1/metrics/monthly?from=2025-01&to=2025-06'),
      byPlan: await get('/v1/metrics/by-plan?from=2025-01-01&to=2025-06-30'),
      ledger: state.ledger_entries, metricDays: state.metric_days, planDays: state.plan_days, spells: state.paying_spells, trials: state.trials,
    };
  }

  async function count(table: string, workspaceId: string): Promise<number> {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db.store.db);
    return Number(result.rows[0]!.n);
  }

  it('export: a ZIP with a README, JSON and CSV per table, the raw payloads and her e-mail; the CSVs parse', async () => {
    const w = await build('exp');
    const exported = await exportCustomerData(db.store.db, { workspaceId: w.workspaceId, customerId: w.dana.id });
    const zip = await JSZip.loadAsync(exported.zip);
    const names = Object.keys(zip.files).sort();
    expect(names).toContain('README.txt');
    for (const table of ['customers', 'raw_events', 'invoices', 'payments', 'subscription_snapshots', 'ledger_entries', 'signal_events', 'support_tickets', 'survey_responses', 'alerts', 'audit_log', 'customer_identities', 'cs_users', 'usage_daily']) {
      expect(names, table).toContain(`${table}.json`);
      expect(names, table).toContain(`${table}.csv`);
      expect(exported.counts[table], `${table} has rows`).toBeGreaterThan(0);
    }
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme).toContain(`customer ${w.dana.id}`);
    expect(readme).toMatch(/raw_events\.json \/ raw_events\.csv {2}\(\d+ rows; raw provider payloads\)/);
    const raw = JSON.parse(await zip.file('raw_events.json')!.async('string')) as { type: string; payload: unknown }[];
    expect(raw.map((r) => r.type)).toEqual(expect.arrayContaining(['customer.created', 'invoice.paid', 'charge.succeeded', 'import.subscription']));
    expect(JSON.stringify(raw)).toContain(w.dana.email);
    expect(JSON.stringify(raw), 'only her events').not.toContain(w.omar.email);
    for (const name of names.filter((n) => n.endsWith('.csv'))) {
      const rows = parse(await zip.file(name)!.async('string'), { columns: true }) as Record<string, string>[];
      const table = name.replace(/\.csv$/, '');
      expect(rows.length, name).toBe(exported.counts[table]);
    }
    const customers = parse(await zip.file('customers.csv')!.async('string'), { columns: true }) as Record<string, string>[];
    expect(customers.map((c) => c.email).sort()).toEqual([w.dana.email, w.dana.email]);
    expect(JSON.parse(customers.find((c) => c.customer_id === w.dana.id)?.record ?? 'null')).toMatchObject({ name: w.dana.name });
  }, 60_000);

  for (const mode of ['anonymise', 'delete'] as const) {
    it(`${mode}: nothing of the customer is left anywhere, revenue is unchanged, later events are scrubbed`, async () => {
      const w = await build(mode === 'anonymise' ? 'anon' : 'del');
      expect(await searchEverywhere([w.dana.email]), 'the fixture put her e-mail in many places').toEqual(expect.arrayContaining(['public.raw_events', 'public.customers', 'public.signal_events', 'public.support_tickets', 'public.survey_responses', 'public.audit_log', 'public.alerts', 'public.cs_users', 'public.report_deliveries']));
      expect(await searchEverywhere([w.dana.line1])).toContain('public.imports');
      const before = await figures(w.workspaceId);
      expect(JSON.stringify(before.monthly)).toContain('mrr');
      expect(before.ledger.length).toBeGreaterThan(2);
      const links = await db.store.db.selectFrom('customer_identities').select(['customer_id', 'canonical_id']).where('workspace_id', '=', w.workspaceId).execute();
      expect(links, 'the import is linked to her by e-mail').toHaveLength(1);

      const outcome = await eraseCustomer(db.store.db, { workspaceId: w.workspaceId, customerId: w.dana.id }, { mode, now: NOW });
      expect(outcome.pseudonym).toMatch(/^Customer [0-9a-f]{10}$/);
      expect(outcome.counts.raw_events).toBeGreaterThan(3);

      expect(await searchEverywhere(secrets(w.dana))).toEqual([]);
      expect(await searchEverywhere([w.omar.email, w.omar.name, w.omar.line1]), 'the other customer is untouched').toEqual(expect.arrayContaining(['public.customers', 'public.raw_events']));
      const artifact = await db.store.db.selectFrom('gdpr_requests').select('artifact').where('request_id', '=', `gdpr_${mode === 'anonymise' ? 'anon' : 'del'}`).executeTakeFirstOrThrow();
      expect(artifact.artifact).toBeNull();
      const record = await db.store.db.selectFrom('customers').select(['name', 'email', 'country']).where('workspace_id', '=', w.workspaceId).where('customer_id', '=', w.dana.id).executeTakeFirstOrThrow();
      expect(record).toEqual({ name: outcome.pseudonym, email: expect.stringMatching(/^customer-[0-9a-f]{10}@anonymised\.invalid$/), country: 'FR' });

      expect(await figures(w.workspaceId), 'revenue unchanged').toEqual(before);
      const workspace = (await findWorkspace(db.store.db, w.workspaceId))!;
      await queueReprocessing(db.store.db, w.workspaceId);
      await t.worker.drain();
      await rebuildWorkspace(db.store.db, workspace, NOW);
      expect(await figures(w.workspaceId), 'revenue unchanged after a rebuild from the raw log').toEqual(before);
      expect(await db.store.db.selectFrom('customer_identities').select(['customer_id', 'canonical_id']).where('workspace_id', '=', w.workspaceId).execute(), 'still one customer across sources').toEqual(links);

      if (mode === 'delete') {
        for (const table of ['support_tickets', 'survey_responses', 'cs_accounts', 'cs_users', 'usage_daily', 'user_activity_daily', 'signal_events', 'alerts']) {
          expect(await count(table, w.workspaceId), `${table} emptied`).toBe(0);
        }
      } else {
        expect(await count('support_tickets', w.workspaceId)).toBe(1);
        expect(await count('usage_daily', w.workspaceId)).toBeGreaterThan(0);
      }

      // Later: Stripe sends a customer.updated with her details, she is tracked again, she opens a ticket.
      await w.post(event('customer.updated', { id: w.dana.id, object: 'customer', name: w.dana.name, email: w.dana.email, phone: w.dana.phone, address: { line1: w.dana.line1, country: 'FR' }, currency: 'usd', created: at('2025-01-10'), metadata: {} }, at('2025-06-15')));
      await t.worker.drain();
      await w.track('identify', { userId: `u-late-${mode}`, traits: { email: w.dana.email, name: w.dana.name }, timestamp: '2025-06-16T10:00:00Z' });
      await w.track('support/tickets', { id: `T-late-${mode}`, email: w.dana.email, subject: `Hello from ${w.dana.name}`, openedAt: '2025-06-17' });
      const tag = mode === 'anonymise' ? 'anon' : 'del';
      const lateRow = `dq-${tag},${w.dana.name},${w.dana.email},imp-sub-${tag},2025-06-18T10:00:00Z,active,Legacy,USD,19.00,month,1,1`;
      const reimport = await runImport(db.store, `${IMPORT_HEADER}\n${lateRow}\n`, { workspaceId: w.workspaceId, sourceName: 'Legacy billing', fileName: 'legacy-2.csv', apply: 'queue' });
      expect(reimport.status).toBe('completed');
      await t.worker.drain();
      await rollUpAll(db.store, { now: () => NOW });
      expect(await count('raw_events', w.workspaceId)).toBeGreaterThan(9);
      expect(await searchEverywhere(secrets(w.dana)), 'events arriving after the erasure are scrubbed').toEqual([]);
      const late = await db.store.db.selectFrom('customers').select(['name', 'email']).where('workspace_id', '=', w.workspaceId).where('customer_id', '=', w.dana.id).executeTakeFirstOrThrow();
      expect(late.name).toBe(outcome.pseudonym);
      expect(await figures(w.workspaceId), 'revenue unchanged by the late event').toEqual(before);
    }, 120_000);
  }
});
