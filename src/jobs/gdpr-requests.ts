// Processes queued GDPR requests (export, anonymise, delete), one at a time across instances.
// (Scaffold: the issue 17 work fills this in.)
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';

export function createGdprRequestJob(deps: OperationsJobDeps): BackgroundJob & { wake(): void } {
  void deps;
  return {
    start: () => undefined,
    stop: async () => undefined,
    settle: async () => undefined,
    wake: () => undefined,
  };
}
