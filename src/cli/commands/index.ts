import type { Command } from 'commander';
import { registerDeadLetters } from './dead-letters.js';
import { registerDemo } from './demo.js';
import { registerFx } from './fx.js';
import { registerImportSignals } from './import-signals.js';
import { registerImport } from './import.js';
import { registerCustomers } from './customers.js';
import { registerMetrics } from './metrics.js';
import { registerMigrate } from './migrate.js';
import { registerReport } from './report.js';
import { registerRebuild } from './rebuild.js';
import { registerServe } from './serve.js';
import { registerSources } from './sources.js';
import { registerSync } from './sync.js';
import { registerUsers } from './users.js';
import { registerGdpr } from './gdpr.js';
import { registerBackup } from './backup.js';
import { registerRetention } from './retention.js';

export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerDemo(program);
  registerMetrics(program);
  registerRebuild(program);
  registerSources(program);
  registerSync(program);
  registerUsers(program);
  registerDeadLetters(program);
  registerFx(program);
  registerImportSignals(program);
  registerReport(program);
  registerImport(program);
  registerCustomers(program);
  registerGdpr(program);
  registerBackup(program);
  registerRetention(program);
}
