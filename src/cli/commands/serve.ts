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
      const server = await startServer(config, { logger });
      stopOnSignals(server, logger);
      await new Promise<void>(() => undefined); // runs until a signal stops it
    });
}
