// One import: check the whole file, then store its rows as raw events of an import source and let
// the same pipeline and ledger as webhooks apply them. STUB (scaffold): the import helper fills it in.
import type { Store } from '../../store/db.js';
import type { ImportOptions, ImportSummary } from './types.js';

export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}

export async function runImport(store: Store, content: string, options: ImportOptions): Promise<ImportSummary> {
  void store;
  void content;
  void options;
  throw new ImportInputError('imports are not implemented yet');
}
