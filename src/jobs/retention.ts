// Applies each workspace's retention policy on a schedule, one instance at a time.
// (Scaffold: the issue 17 work fills this in.)
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';

export function createRetentionJob(deps: OperationsJobDeps): BackgroundJob {
  void deps;
  return {
    start: () => undefined,
    stop: async () => undefined,
    settle: async () => undefined,
  };
}
