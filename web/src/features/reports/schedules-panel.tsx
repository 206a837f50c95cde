// The workspace's report schedules (reports:manage): each with its report, when it fires in words,
// recipients, attachments, whether it is on and its next run; create, edit, delete with a confirm.
import { useState } from 'react';
import type { ScreenProps } from '../../app/screen-props.js';
import { DataPanel } from '../../components/data-panel.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import { utcDay } from '../../lib/calendar.js';
import type { ReportSchedule } from '@read/reports/contract.js';
import { FORMAT_LABELS } from './download.js';
import { recipientsShort } from './delivery-view.js';
import { reportEntries } from './report-list.js';
import { useReportList, useReportMutations, useSchedules } from './reports-api.js';
import { ScheduleEditor } from './schedule-editor.js';
import { browserTimeZone, cronInWords, formatInZone } from './schedule-form.js';
import { ActionError, DeleteButton } from '../../components/delete-button.js';

export function SchedulesPanel({ workspace, session, locale }: ScreenProps) {
  const schedules = useSchedules(workspace.id, true);
  const list = useReportList(workspace.id);
  const mutations = useReportMutations(workspace.id);
  const [editing, setEditing] = useState<ReportSchedule | 'new' | null>(null);
  const reports = list.data ? reportEntries(list.data, utcDay(new Date())) : [];
  const title = (key: string) => reports.find((r) => r.key === key)?.title ?? key;
  const saving = mutations.createSchedule.isPending || mutations.updateSchedule.isPending;

  return (
    <div className="stack">
      {schedules.data && !schedules.data.emailConfigured && <MailNotice />}
      {editing && reports.length > 0 && (
        <ScheduleEditor
          key={editing === 'new' ? 'new' : editing.id}
          schedule={editing === 'new' ? null : editing}
          reports={reports}
          defaults={{ reportKey: reports[0]!.key, timeZone: browserTimeZone(), recipients: session.user.email }}
          saving={saving}
          error={mutations.createSchedule.error ?? mutations.updateSchedule.error}
          onCancel={() => {
            mutations.createSchedule.reset();
            mutations.updateSchedule.reset();
            setEditing(null);
          }}
          onSave={(input) => {
            const done = { onSuccess: () => setEditing(null) };
            if (editing === 'new') mutations.createSchedule.mutate(input, done);
            else mutations.updateSchedule.mutate({ scheduleId: editing.id, ...input }, done);
          }}
        />
      )}
      <DataPanel
        title="Schedules"
        testId="report-schedules"
        subtitle="Each schedule e-mails the last complete period of its report when it fires: exactly one e-mail per report and period."
        query={schedules}
        actions={
          !editing && (
            <button type="button" className="button button-primary" disabled={!list.data} onClick={() => setEditing('new')} data-testid="schedule-add">
              New schedule
            </button>
          )
        }
        empty={(data) => (data.data.length === 0 ? <p className="muted">No schedule yet: add one to e-mail a report every day, week or month.</p> : null)}
      >
        {(data) => (
          <div className="table-scroll">
            <table className="data-table report-table">
              <TableHead columns={['Report', 'When', 'Recipients', 'Attachments', 'Status', 'Next run', ACTIONS_COLUMN]} />
              <tbody>
                {data.data.map((s) => (
                  <tr key={s.id} data-testid="schedule-row" data-schedule-id={s.id}>
                    <td className="report-cell-title">{title(s.reportKey)}</td>
                    <td data-testid="schedule-when">{cronInWords(s.cron, s.timeZone)}</td>
                    <td title={s.recipients.join(', ')}>{recipientsShort(s.recipients)}</td>
                    <td>{s.formats.length === 0 ? <span className="muted">none</span> : s.formats.map((f) => FORMAT_LABELS[f]).join(', ')}</td>
                    <td>{s.enabled ? <span className="badge badge-positive">On</span> : <span className="badge">Off</span>}</td>
                    <td data-testid="schedule-next-run">{s.nextRunAt ? formatInZone(s.nextRunAt, s.timeZone, locale) : <span className="muted">—</span>}</td>
                    <td className="actions">
                      <button type="button" className="button button-small" onClick={() => setEditing(s)} data-testid="schedule-edit">
                        Edit
                      </button>
                      <DeleteButton confirm={`Delete the schedule of ${title(s.reportKey)} (${cronInWords(s.cron, s.timeZone)})?`} onDelete={() => mutations.removeSchedule.mutate(s.id)} testId="schedule-delete" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataPanel>
      <ActionError error={mutations.removeSchedule.error} />
    </div>
  );
}

/** The server has no SMTP settings: every e-mail fails until it has. */
export function MailNotice() {
  return (
    <div className="notice report-mail-notice" role="status" data-testid="mail-not-configured">
      <div>
        <p className="notice-title">E-mail is not set up on this server</p>
        <p className="notice-message">
          Schedules are kept, but each delivery fails until the server has <code>REVPULSE_SMTP_URL</code> and <code>REVPULSE_MAIL_FROM</code> (see the README). Preview and downloads work
          without them.
        </p>
      </div>
    </div>
  );
}
