// `revpulse backup --out FILE`, `revpulse backup verify FILE` and `revpulse restore FILE`.
// (Scaffold: the issue 17 work fills this in.)
import type { Command } from 'commander';

export function registerBackup(program: Command): void {
  void program;
}
