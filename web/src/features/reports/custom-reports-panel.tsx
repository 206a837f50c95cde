// The workspace's custom reports (reports:manage): what each reads, create, edit and delete. A
// saved report appears in the reports list with its own period picker, preview, downloads and
// "Send now", and can be scheduled like the built-ins.
import { useState } from 'react';
import type { ScreenProps } from '../../app/screen-props.js';
import { DataPanel } from '../../components/data-panel.js';
import { ACTIONS_COLUMN, TableHead } from '../../components/table-head.js';
import type { CustomReport } from '@read/reports/contract.js';
import { CustomReportBuilder } from './custom-report-builder.js';
import { describeDefinition } from './custom-report-form.js';
import { useReportList, useReportMutations, useSegmentChoices } from './reports-api.js';
import { ActionError, DeleteButton } from '../../components/delete-button.js';

export function CustomReportsPanel({ workspace, locale }: ScreenProps) {
  const list = useReportList(workspace.id);
  const segments = useSegmentChoices(workspace.id, true);
  const mutations = useReportMutations(workspace.id);
  const [editing, setEditing] = useState<CustomReport | 'new' | null>(null);
  const segmentChoices = segments.data ? segments.data.data.map((s) => ({ id: s.id, name: s.name })) : null;
  const segmentName = (id: string) => segmentChoices?.find((s) => s.id === id)?.name ?? id;
  const saving = mutations.createCustom.isPending || mutations.updateCustom.isPending;
  const close = () => {
    mutations.createCustom.reset();
    mutations.updateCustom.reset();
    setEditing(null);
  };

  return (
    <div className="stack">
      {editing && (
        <CustomReportBuilder
          key={editing === 'new' ? 'new' : editing.id}
          report={editing === 'new' ? null : editing}
          segments={segmentChoices}
          saving={saving}
          error={mutations.createCustom.error ?? mutations.updateCustom.error}
          onCancel={close}
          onSave={(input) => {
            const done = { onSuccess: close };
            if (editing === 'new') mutations.createCustom.mutate(input, done);
            else mutations.updateCustom.mutate({ reportId: editing.id, ...input }, done);
          }}
        />
      )}
      <DataPanel
        title="Custom reports"
        testId="custom-reports"
        subtitle="Metrics from the registry over the periods you choose, optionally with a segment's customers: read, downloaded, sent and scheduled like the built-in reports."
        query={list}
        actions={
          !editing && (
            <button type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="custom-add">
              New custom report
            </button>
          )
        }
        empty={(data) => (data.custom.length === 0 ? <p className="muted">No custom report yet.</p> : null)}
      >
        {(data) => (
          <div className="table-scroll">
            <table className="data-table report-table">
              <TableHead columns={['Name', 'Reads', 'Updated', ACTIONS_COLUMN]} />
              <tbody>
                {[...data.custom]
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((r) => (
                    <tr key={r.id} data-testid="custom-row" data-report-id={r.id}>
                      <td className="report-cell-title">{r.name}</td>
                      <td>{describeDefinition(r.definition, segmentName)}</td>
                      <td>{new Date(r.updatedAt).toLocaleDateString(locale, { dateStyle: 'medium' })}</td>
                      <td className="actions">
                        <button type="button" className="button button-small" onClick={() => setEditing(r)} data-testid="custom-edit">
                          Edit
                        </button>
                        <DeleteButton confirm={`Delete the custom report ${r.name}?`} onDelete={() => mutations.removeCustom.mutate(r.id)} testId="custom-delete" />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </DataPanel>
      <ActionError error={mutations.removeCustom.error} />
    </div>
  );
}
