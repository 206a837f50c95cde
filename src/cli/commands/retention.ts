// `revpulse retention run|status [--workspace ID]`.
// (Scaffold: the issue 17 work fills this in.)
import type { Command } from 'commander';

export function registerRetention(program: Command): void {
  void program;
}
