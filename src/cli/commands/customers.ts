// `revpulse customers link|unlink|links`: one customer across sources (explicit mappings).
// STUB (scaffold).
import type { Command } from 'commander';

export function registerCustomers(program: Command): void {
  void program;
}
