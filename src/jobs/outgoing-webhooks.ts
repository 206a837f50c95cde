// Sends queued outgoing webhook deliveries, retrying with exponential backoff.
// (Scaffold: the issue 17 work fills this in.)
import type { BackgroundJob, OperationsJobDeps } from './background-job.js';

export function createOutgoingWebhookJob(deps: OperationsJobDeps): BackgroundJob & { wake(): void } {
  void deps;
  return {
    start: () => undefined,
    stop: async () => undefined,
    settle: async () => undefined,
    wake: () => undefined,
  };
}
