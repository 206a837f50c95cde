// `revpulse gdpr export|anonymise|delete CUSTOMER_ID [--workspace ID]` and `revpulse gdpr requests`.
// (Scaffold: the issue 17 work fills this in.)
import type { Command } from 'commander';

export function registerGdpr(program: Command): void {
  void program;
}
