// What GET /v1/reports says about the built-in reports: their names and what each holds (the
// builders, src/reports/builders, decide the content; docs/reports.md describes it), and the
// answer to a kind that names no report.
import type { BuiltinReport } from '../../read/reports/contract.js';
import { ApiError } from '../errors.js';

export const BUILTIN_CATALOG: Readonly<Record<BuiltinReport, { title: string; description: string }>> = {
  daily: {
    title: 'Daily summary',
    description: "Yesterday's key figures against the day before, the last 7 days' trends, urgent alerts and progress to the monthly MRR target: the CEO's morning e-mail.",
  },
  weekly: {
    title: 'Weekly business review',
    description: "The ISO week's MRR analysis (movements, plans, largest movers), customer-success figures, and the top opportunities and risks.",
  },
  board: {
    title: 'Board pack',
    description: 'The month for the board: MRR and ARR growth, the MRR bridge, NRR and GRR, churn, ARPA, cohort retention, top customers and concentration, the forecast and a written summary.',
  },
};

export const reportNotFound = (kind: string) =>
  new ApiError('RVP_REPORT_NOT_FOUND', `No report "${kind.slice(0, 80)}" in this workspace: the kind is daily, weekly, board or the id of a custom report (GET /v1/reports lists them).`);
