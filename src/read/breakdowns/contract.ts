// GET /v1/metrics/by-plan and /by-currency: MRR at the end of one day, broken down. The route
// serialises with these and the dashboard parses with them (Revenue, Executive).
import * as z from 'zod/mini';
import { count, currencyCode, day, minorUnits } from '../contract-common.js';

const share = z.nullable(z.number()).check(z.describe("This row's MRR ÷ the total MRR (null when the total is 0)"));
const date = day.check(z.describe('The day whose end the MRR is read at: the `date` asked for, else the as-of day, never later than the as-of day'));

export const planMrr = z.object({
  planId: z.string(),
  planName: z.string(),
  mrr: minorUnits,
  customers: count,
  share,
  byCurrency: z.record(currencyCode, minorUnits).check(z.describe('The native MRR (minor units) of the plan in each billing currency')),
});
export type PlanMrr = z.infer<typeof planMrr>;

export const byPlanResponse = z.object({
  date,
  currency: currencyCode,
  mrr: minorUnits.check(z.describe('MRR in the reporting currency; the plans sum to it exactly')),
  plans: z.array(planMrr),
});
export type ByPlanResponse = z.infer<typeof byPlanResponse>;

export const currencyMrr = z.object({
  currency: currencyCode,
  native: minorUnits,
  mrr: minorUnits,
  customers: count,
  share,
  rate: z.string().check(z.describe('Reporting-currency units per unit of this currency on the day')),
});
export type CurrencyMrr = z.infer<typeof currencyMrr>;

export const byCurrencyResponse = z.object({
  date,
  currency: currencyCode,
  mrr: minorUnits,
  currencies: z.array(currencyMrr),
});
export type ByCurrencyResponse = z.infer<typeof byCurrencyResponse>;
