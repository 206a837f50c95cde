// "Export ▾" on the customers list: every customer matching the filters, in the table's order
// (permission-checked and audited by the server). The CSV is the server's CSV rewritten with
// exactly the table's columns (csv.ts); Excel and PDF are the server's, with the table's columns,
// health and churn risk, MRR as money in each customer's currency.
import { ExportMenu } from '../../components/export-menu.js';
import { utcDay } from '../../lib/calendar.js';
import { customersCsvFromServer } from './csv.js';
import { apiParams, type CustomerView } from './filters.js';

export function ExportButton({ workspaceId, view }: { workspaceId: string; view: CustomerView }) {
  const params: Record<string, string | undefined> = { workspace: workspaceId, ...apiParams(view, null) };
  const target = {
    path: '/v1/customers',
    params,
    filename: `customers-${utcDay(new Date())}`,
    csv: (text: string) => {
      const { csv, rows } = customersCsvFromServer(text);
      return { text: csv, rows };
    },
  };
  return <ExportMenu target={target} title="customers" testId="customers-export" size="normal" />;
}
