import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { startServer, stopOnSignals } from '../../api/server.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the Revpulse server (what `npm start` runs)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      // The process ends only on a deliberate shutdown. Every background task handles its own
      // failures (the ingest worker backs off while the database is away); this is the last net,
      // so an oversight is logged loudly instead of taking every dashboard down.
      process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (kept running)'));
      const server = await startServer(config, { logger });
      stopOnSignals(server, logger);
      await new Promise<void>(() => undefined); // runs until a signal stops it
    });
}
