// Report e-mails through a real SMTP server started here (smtp-server, each message parsed with
// mailparser), on PGlite and PostgreSQL: a scheduled daily report sent once at its fire time with
// the figures the API gives for that instant (HTML, PDF text, workbook numbers), "Send now" and
// its recipients, the delivery log, an SMTP server that is down or busy (backoff, then sent once
// it is back; failed after the fifth attempt), no SMTP configured, and a person's resend.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createReportScheduler, type ReportScheduler } from '../../../src/jobs/report-scheduler.js';
import { createLogger } from '../../../src/logger.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../../src/notify/deliveries.js';
import { createMailer, MAIL_NOT_CONFIGURED, type Mailer } from '../../../src/notify/mailer.js';
import { asOf } from '../../../src/read/clock.js';
import type { ReportDocument, ReportFigure } from '../../../src/read/reports/contract.js';
import { buildReport } from '../../../src/reports/build.js';
import {
  createSchedule, DeliveryNotRetryable, listDeliveries, queueSendNow, ReportInputError, retryDelivery,
} from '../../../src/reports/delivery/service.js';
import { emailSubject } from '../../../src/reports/render/index.js';
import { formatMoney } from '../../../src/reports/render/format-value.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { apiKeyCaller } from '../../helpers/auth.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { normaliseText, pdfPageTexts } from '../../helpers/pdf-text.js';
import { FIXTURE_NOW, storeFixture } from '../../helpers/revenue-fixture.js';
import { majorNumber, readXlsx } from '../../helpers/xlsx-read.js';
import { startTestSmtp, type TestSmtp } from './delivery-smtp.js';

const logger = createLogger('silent');
const FROM = 'Revpulse Reports <reports@revpulse.example.com>';

function mrrOf(doc: ReportDocument): ReportFigure {
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      const kpi = block.type === 'kpis' ? block.kpis.find((k) => k.figure.metric === 'mrr') : undefined;
      if (kpi) return kpi.figure;
    }
  }
  throw new Error('the document has no MRR figure');
}

describe.each(BACKENDS)('report delivery by e-mail (%s)', (backend) => {
  let db: TestDatabase;
  let t: TestApp;
  let ws: Workspace;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let scheduler: ReportScheduler;
  let headers: Record<string, string>;
  let clock = FIXTURE_NOW;
  const now = () => clock;
  const at = (iso: string) => (clock = new Date(iso));
  const seconds = (n: number) => (clock = new Date(clock.getTime() + n * 1000));
  const jobDeps = () => ({ store: db.store, logger, now, bus: t.ctx.bus, config: t.ctx.config });
  const rowOf = async (id: string) => (await listDeliveries(db.store.db, ws.id, { limit: 100 })).items.find((d) => d.id === id)!;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    t = await buildTestApp(db.store, { now });
    ws = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture & Co' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    headers = (await apiKeyCaller(t, ws.id, 'viewer')).headers;
    smtp = await startTestSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, from: FROM })!;
    scheduler = createReportScheduler(jobDeps(), { mailer });
  }, 120_000);

  beforeEach(async () => {
    clock = FIXTURE_NOW;
    smtp.received.length = 0;
    smtp.busy = false;
    await smtp.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    mailer?.close();
    await smtp?.close();
    await t?.close();
    await db?.drop();
  });

  it('sends a scheduled daily report once, at its fire time, with the figures the API gives for that instant', async () => {
    const schedule = await createSchedule(db.store.db, ws.id, {
      reportKey: 'daily', cron: '0 7 * * *', timeZone: 'Europe/Berlin', recipients: ['CEO@example.com', 'board@example.com'], formats: ['pdf', 'xlsx'], enabled: true,
    }, null, clock);
    // 07:00 in Berlin on 16 April 2024 is 05:00 UTC (summer time, UTC+2).
    expect(schedule.nextRunAt).toBe('2024-04-16T05:00:00.000Z');
    expect(schedule.recipients).toEqual(['ceo@example.com', 'board@example.com']);

    at('2024-04-16T04:59:30Z');
    expect((await scheduler.tick()).queued).toEqual({ queued: 0, alreadyQueued: 0 });
    expect(smtp.received).toHaveLength(0);

    at('2024-04-16T05:00:20Z');
    const run = await scheduler.tick();
    expect(run.queued).toEqual({ queued: 1, alreadyQueued: 0 });
    expect(run.sent).toEqual({ sent: 1, retried: 0, failed: 0, interrupted: 0 });
    at('2024-04-16T05:01:20Z');
    expect(await scheduler.tick()).toEqual({ queued: { queued: 0, alreadyQueued: 0 }, sent: { sent: 0, retried: 0, failed: 0, interrupted: 0 } });
    expect(smtp.received).toHaveLength(1);

    // The same document built independently, and the API's MRR as of the fire time.
    const fire = new Date('2024-04-16T05:00:00Z');
    const doc = await buildReport({ db: db.store.db, workspace: ws, now: clock }, { key: 'daily', period: '2024-04-15', asOf: asOf(fire) });
    expect(doc.period.key).toBe('2024-04-15');
    const summary = await t.app.inject({ url: `/v1/metrics/summary?workspace=${ws.id}&asOf=${fire.toISOString()}`, headers });
    expect(summary.statusCode, summary.body).toBe(200);
    const apiMrr = (summary.json() as { mrr: number }).mrr;
    const mrr = mrrOf(doc);
    expect(mrr.value).toBe(apiMrr);
    const mrrText = formatMoney(apiMrr, 'usd');

    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo.sort()).toEqual(['board@example.com', 'ceo@example.com']);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address).sort() : []).toEqual(['board@example.com', 'ceo@example.com']);
    expect(mail.from?.value).toEqual([{ name: 'Revpulse Reports', address: 'reports@revpulse.example.com' }]);
    expect(mail.subject).toBe(emailSubject(doc));
    expect(mail.subject).toContain('Fixture & Co');
    expect(mail.html).toContain(mrrText);
    expect(mail.text).toContain(mrrText);
    // Charts are inline images the HTML refers to by cid; the two attachments are the files.
    const inline = mail.attachments.filter((a) => a.related);
    expect(inline.length).toBe(doc.sections.flatMap((section) => section.blocks).filter((b) => b.type === 'chart').length);
    for (const image of inline) expect(mail.html).toContain(`cid:${image.cid}`);
    const files = mail.attachments.filter((a) => !a.related);
    expect(files.map((f) => f.filename)).toEqual(['revpulse-daily-2024-04-15.pdf', 'revpulse-daily-2024-04-15.xlsx']);
    const [pdf, xlsx] = files;
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(normaliseText((await pdfPageTexts(pdf!.content)).join('\n'))).toContain(mrrText);
    const { sheets } = await readXlsx(xlsx!.content);
    const numbers = sheets.flatMap((s) => s.values.flat()).filter((v): v is number => typeof v === 'number');
    expect(numbers).toContain(majorNumber(apiMrr, 'usd'));

    const { items } = await listDeliveries(db.store.db, ws.id, { limit: 10 });
    expect(items).toHaveLength(1);
    const delivery = items[0]!;
    expect(delivery).toMatchObject({
      scheduleId: schedule.id, reportKey: 'daily', periodKey: '2024-04-15', asOf: fire.toISOString(), trigger: 'schedule', status: 'sent',
      attempts: 1, lastError: null, recipients: ['ceo@example.com', 'board@example.com'], formats: ['pdf', 'xlsx'], sentAt: '2024-04-16T05:00:20.000Z',
    });
    expect(mail.messageId).toBe(`<${delivery.id}@revpulse>`);
    expect(delivery.renderMs).toBeGreaterThanOrEqual(0);
    expect(delivery.bytes).toBeGreaterThan(pdf!.size + xlsx!.size);
  }, 60_000);

  it('retries while the SMTP server is down or busy (1 min, then 5 min) and sends once it is back', async () => {
    const queued = await queueSendNow(db.store.db, ws.id, { reportKey: 'weekly', to: ['ops@example.com'], formats: ['csv'], requestedBy: null, requesterEmail: null }, clock);
    expect(queued).toMatchObject({ status: 'pending', trigger: 'manual', periodKey: '2024-W15', recipients: ['ops@example.com'], formats: ['csv'], attempts: 0 });

    await smtp.stop();
    expect(await scheduler.send()).toMatchObject({ sent: 0, retried: 1 });
    let row = await rowOf(queued.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(clock.getTime() + RETRY_DELAYS_SECONDS[0] * 1000).toISOString() });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(await scheduler.send()).toMatchObject({ sent: 0, retried: 0 });

    await smtp.start();
    smtp.busy = true;
    seconds(RETRY_DELAYS_SECONDS[0]);
    expect(await scheduler.send()).toMatchObject({ sent: 0, retried: 1 });
    row = await rowOf(queued.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: new Date(clock.getTime() + RETRY_DELAYS_SECONDS[1] * 1000).toISOString() });
    expect(row.lastError).toMatch(/451/);

    smtp.busy = false;
    seconds(RETRY_DELAYS_SECONDS[1] - 1);
    expect(await scheduler.send()).toMatchObject({ sent: 0, retried: 0 });
    seconds(1);
    expect(await scheduler.send()).toMatchObject({ sent: 1, retried: 0 });
    expect(await scheduler.send()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.attachments.filter((a) => !a.related).map((a) => a.filename)).toEqual(['revpulse-weekly-2024-W15.csv']);
    expect(await rowOf(queued.id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sentAt: clock.toISOString() });
  }, 60_000);

  it('fails after the fifth attempt with the last error; a person can resend it, once', async () => {
    const queued = await queueSendNow(db.store.db, ws.id, { reportKey: 'daily', to: ['ops@example.com'], formats: [], requestedBy: 'usr_1', requesterEmail: null }, clock);
    await smtp.stop();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const run = await scheduler.send();
      expect(run).toMatchObject(attempt < MAX_ATTEMPTS ? { retried: 1 } : { failed: 1 });
      if (attempt < MAX_ATTEMPTS) seconds(RETRY_DELAYS_SECONDS[attempt - 1]!);
    }
    const failed = await rowOf(queued.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(failed.lastError).toMatch(new RegExp(`^gave up after ${MAX_ATTEMPTS} attempts: .*ECONNREFUSED`));
    seconds(24 * 3600);
    expect(await scheduler.send()).toMatchObject({ sent: 0, retried: 0, failed: 0 });

    await smtp.start();
    const again = await retryDelivery(db.store.db, ws.id, queued.id, clock);
    expect(again).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    await expect(retryDelivery(db.store.db, ws.id, queued.id, clock)).rejects.toBeInstanceOf(DeliveryNotRetryable);
    expect(await scheduler.send()).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.attachments.filter((a) => !a.related)).toEqual([]);
    await expect(retryDelivery(db.store.db, ws.id, queued.id, clock)).rejects.toThrow(/is sent: only a failed or interrupted delivery/);
    expect(await retryDelivery(db.store.db, ws.id, 'dlv_nope', clock)).toBeNull();
  }, 60_000);

  it('"Send now" is sent at once when the running scheduler is woken', async () => {
    const job = createReportScheduler(jobDeps(), { mailer });
    job.start();
    await job.settle();
    const queued = await queueSendNow(db.store.db, ws.id, { reportKey: 'daily', to: ['now@example.com'], formats: ['csv'], requestedBy: null, requesterEmail: null }, clock);
    job.wake();
    await job.settle();
    await job.stop();
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([['now@example.com']]);
    expect(await rowOf(queued.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('without SMTP configured, a delivery fails at once with a message saying what to set', async () => {
    const config = loadConfig({ REVPULSE_SECRET_KEY: 'a'.repeat(64), REVPULSE_DEMO: 'false' });
    expect(config.mail).toBeNull();
    const unconfigured = createReportScheduler({ ...jobDeps(), config });
    const queued = await queueSendNow(db.store.db, ws.id, { reportKey: 'board', period: '2024-03', requestedBy: null, requesterEmail: 'me@example.com' }, clock);
    expect(queued.recipients).toEqual(['me@example.com']);
    expect(queued.formats).toEqual(['pdf', 'xlsx']);
    expect(await unconfigured.send()).toMatchObject({ sent: 0, retried: 0, failed: 1 });
    expect(await rowOf(queued.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: MAIL_NOT_CONFIGURED });
    expect(MAIL_NOT_CONFIGURED).toMatch(/REVPULSE_SMTP_URL and REVPULSE_MAIL_FROM to send alert and report e-mails/);
    await unconfigured.stop();
    expect(smtp.received).toHaveLength(0);
  });

  it('"Send now": recipients from `to`, else the report\'s schedules, else the requester; clear errors for bad input', async () => {
    const other = await ensureWorkspace(db.store.db, { slug: 'other', name: 'Other' });
    await createSchedule(db.store.db, other.id, { reportKey: 'weekly', cron: '0 8 * * 1', timeZone: 'UTC', recipients: ['a@example.com', 'b@example.com'], formats: ['csv'], enabled: true }, null, clock);
    await createSchedule(db.store.db, other.id, { reportKey: 'weekly', cron: '0 9 * * 1', timeZone: 'UTC', recipients: ['b@example.com', 'c@example.com'], formats: ['pdf'], enabled: false }, null, clock);
    const send = (input: Partial<Parameters<typeof queueSendNow>[2]>, workspace = other) =>
      queueSendNow(db.store.db, workspace.id, { reportKey: 'weekly', requestedBy: 'usr_x', requesterEmail: 'me@example.com', ...input }, clock);

    expect((await send({})).recipients).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect((await send({ to: ['X@Example.com'] })).recipients).toEqual(['x@example.com']);
    expect((await send({ reportKey: 'daily' })).recipients).toEqual(['me@example.com']);
    const explicit = await send({ period: '2024-W10' });
    expect(explicit).toMatchObject({ periodKey: '2024-W10', asOf: clock.toISOString(), requestedBy: 'usr_x' });

    await expect(send({ reportKey: 'monthly' })).rejects.toThrow(new ReportInputError('reportKey: unknown report "monthly": expected daily, weekly, board or a custom report\'s id (rpt_…)'));
    await expect(send({ reportKey: 'rpt_AAAAAAAAAAAAAAAA' })).rejects.toThrow(/reportKey: this workspace has no custom report rpt_AAAAAAAAAAAAAAAA/);
    await expect(send({ period: '2024-15' })).rejects.toThrow(/^period: period "2024-15" is not a week: expected an ISO week such as 2026-W48$/);
    await expect(send({ period: '2024-W20' })).rejects.toThrow('period: 2024-W20 has not started yet');
    await expect(send({ to: ['not an address'] })).rejects.toThrow('to: "not an address" is not an e-mail address');
    await expect(send({ reportKey: 'daily', requesterEmail: null })).rejects.toThrow(/^to: no recipients/);
    await expect(send({ formats: ['docx' as 'pdf'] })).rejects.toThrow('formats: "docx" is not an attachment format: expected pdf, xlsx, csv');

    // The log: newest first, paged by cursor, scoped to the workspace, filtered by report.
    const first = await listDeliveries(db.store.db, other.id, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listDeliveries(db.store.db, other.id, { limit: 2, cursor: first.next! });
    expect(second.items).toHaveLength(2);
    expect(second.next).toBeNull();
    const ids = [...first.items, ...second.items].map((d) => d.id);
    expect(new Set(ids).size).toBe(4);
    expect((await listDeliveries(db.store.db, other.id, { limit: 10, reportKey: 'daily' })).items.map((d) => d.reportKey)).toEqual(['daily']);
    expect((await listDeliveries(db.store.db, ws.id, { limit: 100 })).items.some((d) => ids.includes(d.id))).toBe(false);
    await expect(listDeliveries(db.store.db, other.id, { limit: 2, cursor: 'garbage' })).rejects.toBeInstanceOf(ReportInputError);
    expect(await retryDelivery(db.store.db, ws.id, ids[0]!, clock)).toBeNull();
  });
});
