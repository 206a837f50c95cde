import type { ReportDocument } from '../../read/reports/contract.js';

export function renderText(doc: ReportDocument): string {
  void doc;
  throw new Error('not built yet');
}
