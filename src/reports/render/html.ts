import type { ReportDocument } from '../../read/reports/contract.js';

export function renderHtml(doc: ReportDocument): string {
  void doc;
  throw new Error('not built yet');
}
