// The shape every scheduled job of customer success has, and what it is given.
import type { Config } from '../config.js';
import type { LiveBus } from '../live/bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { SecretBox } from '../store/secret-box.js';

export type BackgroundJob = {
  /** Starts the schedule (and usually a first run in the background). */
  start(): void;
  /** Stops the schedule and waits for a run under way. */
  stop(): Promise<void>;
  /** Waits for a run under way (none: at once); the schedule goes on. */
  settle(): Promise<void>;
};

export type SuccessJobDeps = { store: Store; logger: Logger; now: () => Date; bus: LiveBus; config: Config };

/** The operations jobs (issue 17) also open sealed secrets (outgoing webhook signing keys). */
export type OperationsJobDeps = SuccessJobDeps & { box: SecretBox };
