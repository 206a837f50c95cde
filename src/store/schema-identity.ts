// Tables of migration 0020: customers unlinked by a person, kept apart from e-mail matching.
import type { ColumnType } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CustomerIdentityUnlinksTable = {
  workspace_id: string;
  customer_id: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
};

export type IdentityDatabase = {
  customer_identity_unlinks: CustomerIdentityUnlinksTable;
};
