// Columns added by migration 0016_alert_notices.sql to customer success's alert tables (the
// tables themselves are in schema-success.ts): a rule's parameters, a delivery's notice number,
// and the workspaces whose default rules were created.
import type { ColumnType } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AlertRuleParamsColumn = { minEvents?: number; minActiveDays?: number };

export type AlertsDatabase = {
  alert_rules: { params: ColumnType<AlertRuleParamsColumn, string | undefined, string> };
  alert_deliveries: { notice: Defaulted<number> };
  alert_defaults: { workspace_id: string; created_at: DefaultedTimestamp };
};
