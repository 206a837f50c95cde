// GET /v1/metrics/monthly, /movements, /churn and /ltv: per-period tables read from the day totals.
// The monthly report is also exactly the document `revpulse metrics --json` prints. Every period
// ends at the as-of day at the latest: the period holding it is to date, never counting a ledger
// row dated later (a scheduled change).
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits, movements, rateValue } from '../contract-common.js';

const granularity = z.enum(['day', 'week', 'month', 'quarter', 'year']);
const periodBounds = {
  period: z.string().check(z.describe('The period key: YYYY-MM-DD (day, week: its Monday), YYYY-MM, YYYY-Qn or YYYY')),
  start: day,
  end: day.check(z.describe("The period's last day in the range: the as-of day when the period is still running")),
};

export const monthlyRow = z.object({
  month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  mrr: minorUnits,
  arr: minorUnits,
  customers: count,
  arpa: minorUnits,
  movements,
  through: z.optional(day).check(z.describe("Only on the month holding the as-of day, before its last day: the month's figures are to this day (month to date)")),
});
export type MonthlyRow = z.infer<typeof monthlyRow>;

export const monthlyResponse = z.object({ currency: currencyCode, months: z.array(monthlyRow) });
export type MonthlyReport = z.infer<typeof monthlyResponse>;

const rangeHead = { currency: currencyCode, granularity, from: day, to: day };

export const movementsPeriod = z.object({
  ...periodBounds,
  mrrStart: minorUnits,
  movements,
  netNewMrr: minorUnits,
  mrr: minorUnits,
  customersStart: count,
  customers: count,
  newCustomers: count,
  reactivatedCustomers: count,
  churnedCustomers: count,
});
export type MovementPeriod = z.infer<typeof movementsPeriod>;
export const movementsResponse = z.object({ ...rangeHead, periods: z.array(movementsPeriod) });
export type MovementsResponse = z.infer<typeof movementsResponse>;

export const churnResponse = z.object({
  ...rangeHead,
  periods: z.array(z.object({
    ...periodBounds,
    customersStart: count,
    churnedCustomers: count,
    churnedCustomersFromStart: count,
    mrrStart: minorUnits,
    churnedMrr: minorUnits,
    contractionMrr: minorUnits,
    customerChurnRate: rateValue,
    grossMrrChurnRate: rateValue,
    netMrrChurnRate: rateValue,
    nrr: rateValue,
    grr: rateValue,
  })),
});
export type ChurnResponse = z.infer<typeof churnResponse>;

export const ltvResponse = z.object({
  ...rangeHead,
  grossMargin: z.string(),
  churnWindow: count,
  periods: z.array(z.object({ ...periodBounds, arpa: minorUnits, customers: count, customerChurnRate: rateValue, ltv: rateValue })),
});
export type LtvResponse = z.infer<typeof ltvResponse>;
