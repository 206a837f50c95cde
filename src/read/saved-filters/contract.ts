// /v1/saved-filters: the named filter presets of the customers table. The route serialises with
// these and the Customers screen parses with them.
import * as z from 'zod/mini';
import { timestamp } from '../contract-common.js';

export const SAVED_FILTER_SCOPES = ['customers'] as const;

export const savedFilter = z.object({
  id: z.string(),
  scope: z.enum(SAVED_FILTER_SCOPES),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdBy: z.object({ userId: z.nullable(z.string()), label: z.string() }),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type SavedFilter = z.infer<typeof savedFilter>;

/** GET /v1/saved-filters */
export const savedFilterList = z.object({ data: z.array(savedFilter) });
/** POST and PUT /v1/saved-filters */
export const savedFilterAnswer = z.object({ filter: savedFilter });
