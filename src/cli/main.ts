// The one CLI entry: `revpulse <command>`. Each command lives in commands/<name>.ts; errors a
// user can act on print one line and exit non-zero, never a stack trace.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { MigrationError } from '../store/migrate.js';
import { SecretKeyFileError } from '../store/secret-box.js';
import { registerCommands } from './commands/index.js';
import { UsageError } from './usage-error.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('revpulse')
    .description('Revpulse: real-time revenue analytics for subscription businesses')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof MigrationError ||
      error instanceof SecretKeyFileError ||
      error instanceof UsageError
    ) {
      process.stderr.write(`revpulse: ${error.message}\n`);
      return error instanceof UsageError ? error.exitCode : 1;
    }
    process.stderr.write(`revpulse: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
