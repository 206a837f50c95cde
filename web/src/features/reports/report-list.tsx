// The reports a workspace can read — the three built-ins and its custom reports — each with a
// period picker, "Preview" (the HTML e-mail in a frame below the list), "Download" PDF / Excel /
// CSV (exports:create) and "Send now" (reports:manage).
import { useState } from 'react';
import type { ScreenProps } from '../../app/screen-props.js';
import { DataPanel } from '../../components/data-panel.js';
import { errorMessage } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import { ATTACHMENT_FORMATS, type AttachmentFormat, type ReportListResponse } from '@read/reports/contract.js';
import { mayExport } from '../revenue/may-export.js';
import { describeDefinition } from './custom-report-form.js';
import { downloadReport, FORMAT_LABELS } from './download.js';
import { ReportPreview } from './report-preview.js';
import { BUILTIN_GRANULARITY, GRANULARITY_WORDS, lastCompletePeriodKey, periodLabel, periodOptions, type ReportGranularity } from './report-periods.js';
import { useReportList } from './reports-api.js';
import { mayManageReports } from './report-tabs.js';
import { SendNow } from './send-now.js';

export type ReportEntry = { key: string; title: string; description: string; granularity: ReportGranularity; defaultPeriod: string; custom: boolean };

/** The built-ins first, then the custom reports by name; a custom report's default period is its last complete one. */
export function reportEntries(list: ReportListResponse, today: string): ReportEntry[] {
  return [
    ...list.builtin.map((b) => ({ key: b.kind, title: b.title, description: b.description, granularity: BUILTIN_GRANULARITY[b.kind], defaultPeriod: b.defaultPeriod, custom: false })),
    ...[...list.custom]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({ key: c.id, title: c.name, description: describeDefinition(c.definition), granularity: c.definition.granularity, defaultPeriod: lastCompletePeriodKey(c.definition.granularity, today), custom: true })),
  ];
}

type Preview = { key: string; title: string; period: string; periodText: string };

export function ReportList({ workspace, session, locale }: ScreenProps) {
  const list = useReportList(workspace.id);
  const [preview, setPreview] = useState<Preview | null>(null);
  const today = utcDay(new Date());
  return (
    <>
      <DataPanel
        title="Reports"
        testId="report-list"
        subtitle="Every format is rendered from one document, so the e-mail, the PDF, the workbook and the dashboard show the same numbers."
        query={list}
        skeletonHeight={320}
      >
        {(data) => (
          <ul className="report-list">
            {reportEntries(data, today).map((entry) => (
              <ReportRow
                key={entry.key}
                entry={entry}
                today={today}
                locale={locale}
                workspaceId={workspace.id}
                canExport={mayExport(workspace.role)}
                canSend={mayManageReports(workspace.role)}
                myEmail={session.user.email}
                previewing={preview?.key === entry.key ? preview.period : null}
                onPreview={(period) => setPreview(preview?.key === entry.key && preview.period === period ? null : { key: entry.key, title: entry.title, period, periodText: periodLabel(entry.granularity, period, locale) })}
              />
            ))}
          </ul>
        )}
      </DataPanel>
      {preview && <ReportPreview key={`${preview.key}|${preview.period}`} workspaceId={workspace.id} reportKey={preview.key} title={preview.title} period={preview.period} periodText={preview.periodText} onClose={() => setPreview(null)} />}
    </>
  );
}

type RowProps = {
  entry: ReportEntry;
  today: string;
  locale?: string;
  workspaceId: string;
  canExport: boolean;
  canSend: boolean;
  myEmail: string;
  previewing: string | null;
  onPreview: (period: string) => void;
};

function ReportRow({ entry, today, locale, workspaceId, canExport, canSend, myEmail, previewing, onPreview }: RowProps) {
  const [period, setPeriod] = useState(entry.defaultPeriod);
  const [downloading, setDownloading] = useState<AttachmentFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const options = periodOptions(entry.granularity, entry.defaultPeriod, { today, selected: period, locale });
  const download = async (format: AttachmentFormat) => {
    setDownloading(format);
    setProblem(null);
    try {
      await downloadReport({ workspaceId, reportKey: entry.key, period, format });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setDownloading(null);
    }
  };
  const isPreviewing = previewing === period;
  return (
    <li className="report-row" data-testid="report-row" data-report={entry.key}>
      <div className="report-main">
        <div className="report-about">
          <h3 className="report-title" data-testid="report-title">
            {entry.title}
            {entry.custom && <span className="badge report-kind">Custom</span>}
          </h3>
          <p className="muted report-description">{entry.description}</p>
        </div>
        <label className="field report-period">
          <span>{GRANULARITY_WORDS[entry.granularity]}</span>
          <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="report-period">
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <div className="report-actions">
          <button type="button" className={`button button-small report-preview-button${isPreviewing ? ' button-primary' : ''}`} aria-pressed={isPreviewing} onClick={() => onPreview(period)} data-testid="report-preview">
            {isPreviewing ? 'Hide preview' : 'Preview'}
          </button>
          {canExport && (
            <span className="report-downloads" role="group" aria-label={`Download ${entry.title}`}>
              <span className="muted report-downloads-label">Download</span>
              {ATTACHMENT_FORMATS.map((format) => (
                <button key={format} type="button" className="button button-small" disabled={downloading !== null} onClick={() => void download(format)} data-testid={`report-download-${format}`}>
                  {downloading === format ? `${FORMAT_LABELS[format]}…` : FORMAT_LABELS[format]}
                </button>
              ))}
            </span>
          )}
          {canSend && (
            <button type="button" className="button button-small" aria-expanded={sending} onClick={() => setSending(!sending)} data-testid="report-send">
              Send now
            </button>
          )}
        </div>
      </div>
      {problem && (
        <p className="form-error" role="alert" data-testid="report-download-error">
          {problem}
        </p>
      )}
      {sending && <SendNow workspaceId={workspaceId} reportKey={entry.key} period={period} periodText={periodLabel(entry.granularity, period, locale)} myEmail={myEmail} locale={locale} onClose={() => setSending(false)} />}
    </li>
  );
}
