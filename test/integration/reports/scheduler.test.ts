// The report scheduler's exactly-once rules on PGlite and PostgreSQL, with an injected clock and a
// real SMTP server: schedules checked before they are stored; fire times read in the schedule's
// time zone; a server down for days catches up with one e-mail (the latest period); a cron firing
// several times in a period sends once; two instances running the same minute send once (on
// PostgreSQL two stores, i.e. two connection pools; on PGlite two schedulers on one store, and the
// queue and sender raced without their lock); a crash between render and send resends once; a
// crash after the SMTP hand-off never resends by itself; a deleted custom report fails visibly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReportScheduler, type ReportScheduler } from '../../../src/jobs/report-scheduler.js';
import { createLogger } from '../../../src/logger.js';
import { createMailer, type Mailer } from '../../../src/notify/mailer.js';
import { queueDueSchedules } from '../../../src/reports/delivery/due-schedules.js';
import { INTERRUPTED_ERROR, REPORT_LEASE_SECONDS, sendDueReports } from '../../../src/reports/delivery/send-due.js';
import { createSchedule, listDeliveries, listSchedules, ReportInputError, retryDelivery, updateSchedule, type ScheduleInput } from '../../../src/reports/delivery/service.js';
import { deleteCustomReport, insertCustomReport, newCustomReportId } from '../../../src/reports/custom-reports.js';
import { createDb, type Store } from '../../../src/store/db.js';
import { claimDueReportDeliveries, markSending } from '../../../src/store/report-deliveries-repo.js';
import { createSource } from '../../../src/store/sources-repo.js';
import { ensureWorkspace, type Workspace } from '../../../src/store/workspaces-repo.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FIXTURE_NOW, storeFixture } from '../../helpers/revenue-fixture.js';
import { startTestSmtp, type TestSmtp } from './delivery-smtp.js';

const logger = createLogger('silent');

describe.each(BACKENDS)('report scheduler (%s)', (backend) => {
  let db: TestDatabase;
  let second: Store | null = null;
  let t: TestApp;
  let ws: Workspace;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seq = 0;
  let clock = FIXTURE_NOW;
  const now = () => clock;
  const at = (iso: string) => (clock = new Date(iso));
  const seconds = (n: number) => (clock = new Date(clock.getTime() + n * 1000));
  const scheduler = (store: Store = db.store): ReportScheduler => createReportScheduler({ store, logger, now, bus: t.ctx.bus, config: t.ctx.config }, { mailer });
  const queue = () => queueDueSchedules({ store: db.store, logger, now });
  const schedule = (input: Partial<ScheduleInput>, workspace = ws) => createSchedule(db.store.db, workspace.id, {
    reportKey: 'daily', cron: '0 7 * * *', timeZone: 'UTC', recipients: [`r${++seq}@example.com`], formats: ['csv'], enabled: true, ...input,
  }, null, clock);
  const deliveriesOf = async (scheduleId: string, workspace = ws) =>
    (await listDeliveries(db.store.db, workspace.id, { limit: 500 })).items.filter((d) => d.scheduleId === scheduleId).reverse();

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    if (db.url) second = await createDb({ kind: 'postgres', url: db.url });
    t = await buildTestApp(db.store, { now });
    ws = await ensureWorkspace(db.store.db, { slug: 'fixture', name: 'Fixture' });
    const source = await createSource(db.store.db, t.ctx.box, { workspaceId: ws.id, provider: 'stripe', name: 's', mode: 'test', webhookSecret: 'whsec_fixture' });
    await storeFixture(db.store, ws.id, source.id);
    await t.worker.drain();
    smtp = await startTestSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'reports@revpulse.example.com' })!;
  }, 120_000);

  beforeEach(async () => {
    clock = FIXTURE_NOW;
    smtp.received.length = 0;
    // Each test starts with nothing due: earlier tests' schedules are switched off, their deliveries gone.
    for (const s of await listSchedules(db.store.db, ws.id, clock)) await updateSchedule(db.store.db, ws.id, s.id, { enabled: false }, clock);
    await db.store.db.deleteFrom('report_deliveries').where('workspace_id', '=', ws.id).execute();
  });

  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await t?.close();
    await second?.close();
    await db?.drop();
  });

  it('checks a schedule before storing it, naming the field and the problem', async () => {
    const bad: Array<[Partial<ScheduleInput>, string | RegExp]> = [
      [{ cron: '0 7 * * * *' }, 'cron: "0 7 * * * *" has 6 fields; expected 5: minute hour day-of-month month day-of-week (e.g. "0 7 * * 1-5")'],
      [{ cron: '@daily' }, /^cron: "@daily" has 1 field; expected 5/],
      [{ cron: '61 7 * * *' }, 'cron: "61 7 * * *" is not valid: Invalid value for minute: 61'],
      [{ cron: '0 7 * * mon-fry' }, /^cron: "0 7 \* \* mon-fry" is not valid: /],
      [{ cron: '0 0 30 2 *' }, 'cron: "0 0 30 2 *" never fires (no such date)'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone: "Mars/Olympus" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")'],
      [{ recipients: [] }, 'recipients: at least one e-mail address is needed'],
      [{ recipients: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`) }, 'recipients: at most 50 e-mail addresses (got 51)'],
      [{ recipients: ['ok@example.com', 'nope@'] }, 'recipients: "nope@" is not an e-mail address'],
      [{ formats: ['pdf', 'docx' as 'pdf'] }, 'formats: "docx" is not an attachment format: expected pdf, xlsx, csv'],
      [{ reportKey: 'quarterly' }, /^reportKey: unknown report "quarterly"/],
      [{ reportKey: 'rpt_0000000000000000' }, 'reportKey: this workspace has no custom report rpt_0000000000000000'],
    ];
    for (const [input, message] of bad) {
      const error = await schedule(input).then(() => null, (e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(ReportInputError);
      if (typeof message === 'string') expect((error as Error).message).toBe(message);
      else expect((error as Error).message).toMatch(message);
    }

    const s = await schedule({ cron: '  30   6 * * 1-5 ', timeZone: 'America/New_York', recipients: ['A@Example.com', 'a@example.com'], formats: ['xlsx', 'pdf', 'xlsx'] });
    // FIXTURE_NOW is Monday 15 April 2024 12:00 UTC; 06:30 in New York (EDT, UTC−4) is 10:30 UTC, so the next is Tuesday's.
    expect(s).toMatchObject({ cron: '30 6 * * 1-5', timeZone: 'America/New_York', recipients: ['a@example.com'], formats: ['pdf', 'xlsx'], nextRunAt: '2024-04-16T10:30:00.000Z' });
    expect(await updateSchedule(db.store.db, ws.id, s.id, { enabled: false }, clock)).toMatchObject({ enabled: false, nextRunAt: null });
    await expect(updateSchedule(db.store.db, ws.id, s.id, { cron: '0 25 * * *' }, clock)).rejects.toThrow('cron: "0 25 * * *" is not valid: Invalid value for hour: 25');
    expect(await updateSchedule(db.store.db, ws.id, 'sch_nope', { enabled: true }, clock)).toBeNull();
    const other = await ensureWorkspace(db.store.db, { slug: `other-${++seq}`, name: 'Other' });
    expect(await updateSchedule(db.store.db, other.id, s.id, { enabled: true }, clock)).toBeNull();
  });

  it('reads fire times in the time zone and queues the last period complete at each, as of the fire time', async () => {
    const tokyo = await schedule({ cron: '0 7 * * *', timeZone: 'Asia/Tokyo' });
    const board = await schedule({ reportKey: 'board', cron: '0 6 1 * *', timeZone: 'UTC' });
    // 07:00 in Tokyo on 16 April is 22:00 UTC on the 15th: the day that is over is the 14th.
    expect(tokyo.nextRunAt).toBe('2024-04-15T22:00:00.000Z');
    at('2024-04-15T21:59:59Z');
    expect(await queue()).toEqual({ queued: 0, alreadyQueued: 0 });
    at('2024-04-15T22:00:00Z');
    expect(await queue()).toEqual({ queued: 1, alreadyQueued: 0 });
    expect(await deliveriesOf(tokyo.id)).toMatchObject([{ periodKey: '2024-04-14', asOf: '2024-04-15T22:00:00.000Z', trigger: 'schedule', status: 'pending' }]);
    at('2024-05-01T06:00:30Z');
    await queue();
    expect(await deliveriesOf(board.id)).toMatchObject([{ periodKey: '2024-04', asOf: '2024-05-01T06:00:00.000Z' }]);
  });

  it('after days without a run, queues one delivery — the latest fire time\'s period — and a period once however often the cron fires', async () => {
    const hourly = await schedule({ cron: '0 * * * *' });
    at('2024-04-18T09:30:00Z');
    expect(await queue()).toEqual({ queued: 1, alreadyQueued: 0 });
    expect(await deliveriesOf(hourly.id)).toMatchObject([{ periodKey: '2024-04-17', asOf: '2024-04-18T09:00:00.000Z' }]);
    at('2024-04-18T09:59:59Z');
    expect(await queue()).toEqual({ queued: 0, alreadyQueued: 0 });
    at('2024-04-18T10:00:05Z');
    expect(await queue()).toEqual({ queued: 0, alreadyQueued: 1 });
    at('2024-04-19T00:00:05Z');
    expect(await queue()).toEqual({ queued: 1, alreadyQueued: 0 });
    expect((await deliveriesOf(hourly.id)).map((d) => d.periodKey)).toEqual(['2024-04-17', '2024-04-18']);

    // Disabled, nothing is queued; enabled again, its clock restarts: the days it was off are not sent.
    await updateSchedule(db.store.db, ws.id, hourly.id, { enabled: false }, clock);
    at('2024-04-21T12:30:00Z');
    expect(await queue()).toEqual({ queued: 0, alreadyQueued: 0 });
    await updateSchedule(db.store.db, ws.id, hourly.id, { enabled: true }, clock);
    expect(await queue()).toEqual({ queued: 0, alreadyQueued: 0 });
    at('2024-04-21T13:00:01Z');
    expect(await queue()).toEqual({ queued: 1, alreadyQueued: 0 });
    expect((await deliveriesOf(hourly.id)).map((d) => d.periodKey)).toEqual(['2024-04-17', '2024-04-18', '2024-04-20']);
  });

  it('two instances running the same minute send one e-mail', async () => {
    const s = await schedule({ cron: '15 6 * * *' });
    const a = scheduler();
    const b = scheduler(second ?? db.store);
    at('2024-04-16T06:15:00Z');
    const runs = await Promise.all([a.tick(), b.tick()]);
    expect(runs.reduce((n, r) => n + (r.queued?.queued ?? 0), 0)).toBe(1);
    expect(runs.reduce((n, r) => n + (r.sent?.sent ?? 0), 0)).toBe(1);
    seconds(60);
    await Promise.all([a.tick(), b.tick()]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelopeTo).toEqual(s.recipients);
    expect(await deliveriesOf(s.id)).toMatchObject([{ periodKey: '2024-04-15', status: 'sent', attempts: 1 }]);
    await a.stop();
    await b.stop();
    await updateSchedule(db.store.db, ws.id, s.id, { enabled: false }, clock);

    // Without the advisory lock, the idempotency record and `skip locked` alone still give one e-mail.
    const raced = await schedule({ cron: '20 6 * * *' });
    at('2024-04-17T06:20:00Z');
    const queued = await Promise.all([queue(), queueDueSchedules({ store: second ?? db.store, logger, now })]);
    expect(queued.reduce((n, r) => n + r.queued, 0)).toBe(1);
    const senders = [db.store, second ?? db.store].map((store) => sendDueReports({ store, logger, now, mailer, publicUrl: 'https://revpulse.example.com' }));
    expect((await Promise.all(senders)).reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(smtp.received).toHaveLength(2);
    expect(await deliveriesOf(raced.id)).toMatchObject([{ periodKey: '2024-04-16', status: 'sent', attempts: 1 }]);
  }, 60_000);

  it('a crash between render and send: claimed again when the lease ends, and sent once', async () => {
    const s = await schedule({ cron: '30 6 * * *' });
    at('2024-04-16T06:30:00Z');
    await queue();
    // An instance claims the row, then dies before it hands anything to SMTP.
    const [claimed] = await claimDueReportDeliveries(db.store.db, ws.id, clock, new Date(clock.getTime() + REPORT_LEASE_SECONDS * 1000), 10);
    expect(claimed).toMatchObject({ scheduleId: s.id, status: 'rendering', attempts: 1 });
    const job = scheduler();
    expect((await job.tick()).sent).toMatchObject({ sent: 0 });
    seconds(REPORT_LEASE_SECONDS - 1);
    expect((await job.tick()).sent).toMatchObject({ sent: 0 });
    seconds(2);
    expect((await job.tick()).sent).toMatchObject({ sent: 1, interrupted: 0 });
    seconds(REPORT_LEASE_SECONDS * 2);
    expect((await job.tick()).sent).toMatchObject({ sent: 0, interrupted: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await deliveriesOf(s.id)).toMatchObject([{ status: 'sent', attempts: 2, lastError: null }]);
    // The instance that died cannot record over it (its attempt no longer holds the row).
    expect(await markSending(db.store.db, ws.id, claimed!.id, 1, { renderMs: 1, bytes: 1, leaseUntil: clock })).toBe(false);
    await job.stop();
  }, 60_000);

  it('a crash after the SMTP hand-off is marked interrupted and never resent by itself; a person can resend it', async () => {
    const s = await schedule({ cron: '45 6 * * *' });
    at('2024-04-16T06:45:00Z');
    await queue();
    const lease = () => new Date(clock.getTime() + REPORT_LEASE_SECONDS * 1000);
    const [claimed] = await claimDueReportDeliveries(db.store.db, ws.id, clock, lease(), 10);
    // It rendered, committed 'sending', handed the message over — and died before recording 'sent'.
    expect(await markSending(db.store.db, ws.id, claimed!.id, claimed!.attempts, { renderMs: 900, bytes: 1234, leaseUntil: lease() })).toBe(true);
    const job = scheduler();
    seconds(REPORT_LEASE_SECONDS - 1);
    expect((await job.tick()).sent).toMatchObject({ sent: 0, interrupted: 0 });
    seconds(2);
    expect((await job.tick()).sent).toMatchObject({ sent: 0, interrupted: 1 });
    seconds(3600);
    expect((await job.tick()).sent).toMatchObject({ sent: 0, interrupted: 0 });
    expect(smtp.received).toHaveLength(0);
    const [row] = await deliveriesOf(s.id);
    expect(row).toMatchObject({ status: 'interrupted', lastError: INTERRUPTED_ERROR, renderMs: 900, bytes: 1234 });
    expect(row!.lastError).toMatch(/may or may not have been delivered/);

    expect(await retryDelivery(db.store.db, ws.id, row!.id, clock)).toMatchObject({ status: 'pending' });
    await job.send();
    await job.send();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.messageId).toBe(`<${row!.id}@revpulse>`);
    expect(await deliveriesOf(s.id)).toMatchObject([{ status: 'sent', attempts: 1 }]);
    await job.stop();
  }, 60_000);

  it('a schedule whose custom report was deleted records a failed delivery saying so, and sends nothing', async () => {
    const id = newCustomReportId();
    await insertCustomReport(db.store.db, { workspaceId: ws.id, id, name: 'MRR weekly', definition: { metrics: ['mrr'], granularity: 'week', periods: 4, compare: null, segmentId: null }, createdBy: null, now: clock });
    const s = await schedule({ reportKey: id, cron: '0 8 * * 1' });
    expect(await deleteCustomReport(db.store.db, ws.id, id)).toBe(true);
    at('2024-04-22T08:00:00Z');
    const job = scheduler();
    expect(await job.tick()).toMatchObject({ queued: { queued: 1 }, sent: { sent: 0 } });
    expect(await deliveriesOf(s.id)).toMatchObject([{ status: 'failed', lastError: `the report ${id} no longer exists: delete this schedule or point it at another report` }]);
    expect(smtp.received).toHaveLength(0);
    await job.stop();
  });
});
