import type { ReportDocument } from '../../read/reports/contract.js';

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  void doc;
  throw new Error('not built yet');
}
