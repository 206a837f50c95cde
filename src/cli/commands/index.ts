import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerMetrics } from './metrics.js';
import { registerMigrate } from './migrate.js';
import { registerRebuild } from './rebuild.js';
import { registerServe } from './serve.js';

export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerDemo(program);
  registerMetrics(program);
  registerRebuild(program);
}
