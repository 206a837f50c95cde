// Reads a subscription file (CSV with a header, or JSON lines) into checked rows and every error
// with its line and column. Pure. STUB (scaffold): the import helper fills this in.
import type { ImportFormat, ParsedImport } from './types.js';

export function parseImportFile(content: string, options: { format?: ImportFormat; fileName?: string | null } = {}): ParsedImport {
  void content;
  return { format: options.format ?? 'csv', columns: [], rows: [], errors: [{ line: 1, column: null, message: 'imports are not implemented yet' }], lineCount: 0 };
}
