import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openRuntime } from '../../runtime.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations that are not applied yet')
    .action(async () => {
      const runtime = await openRuntime(loadConfig(), 'migrate');
      try {
        const applied = runtime.applied;
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      } finally {
        await runtime.close();
      }
    });
}
