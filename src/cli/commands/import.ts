// `revpulse import FILE [--source NAME] [--workspace ID] [--dry-run] [--skip-invalid]`: a
// subscription file from any billing system (docs/import.md). STUB (scaffold).
import type { Command } from 'commander';

export function registerImport(program: Command): void {
  void program;
}
