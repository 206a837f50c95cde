// Tables of migration 0023: outgoing webhook endpoints and deliveries (issue 17).
export type OutgoingWebhooksDatabase = Record<never, never>;
