// Tables added by the Stripe connection work (migration 0002). Empty until then.
export type SyncDatabase = Record<never, never>;
