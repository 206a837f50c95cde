// The written summary of a report: template sentences filled in from its figures — never a
// language model, so the same figures always read the same. Pure: the caller passes the figures
// (minor units, fractions, counts; null where a figure is missing) and how to format them (the
// renderers' formatting, so a sentence shows a figure exactly as its table does). A sentence
// whose figures are missing is left out rather than written with a gap.

export type SummaryUnit = 'money' | 'count' | 'ratio' | 'days' | 'score';

export type SummaryFormat = {
  money(minor: number, options?: { signed?: boolean }): string;
  ratio(ratio: number, options?: { signed?: boolean }): string;
  count(value: number): string;
  /** Any figure by its unit (scores and days rounded as the tables show them). */
  value(value: number, unit: SummaryUnit): string;
};

/** (value − previous) ÷ |previous|: null when either is missing or previous is 0. */
export function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return (value - previous) / Math.abs(previous);
}

/** A KPI's change: relative for amounts and counts, the difference for ratios and scores (their
 *  relative change misleads: growth from 3% to −1% is not "−133%"). */
export function kpiChangeOf(unit: 'money' | 'count' | 'ratio' | 'days' | 'score', value: number | null, previous: number | null): number | null {
  if (unit === 'ratio' || unit === 'score') return value === null || previous === null ? null : value - previous;
  return relativeChange(value, previous);
}

/** A change this small reads as "almost flat": it rounds to 0.0%. */
const FLAT = 0.0005;

/** The MRR movements of a period, signed as the ledger keeps them (contraction and churn ≤ 0). */
export type SummaryMovements = { new: number; expansion: number; contraction: number; churn: number; reactivation: number; fx: number };

const GAINS = [['new', 'new business'], ['expansion', 'expansion'], ['reactivation', 'reactivations']] as const;
const LOSSES = [['churn', 'churn'], ['contraction', 'contraction'], ['fx', 'exchange-rate moves']] as const;

/** The movement that moved MRR most in the direction it went, worded ("$8,210.00 of new business"). */
function driver(movements: SummaryMovements, rising: boolean, f: SummaryFormat): string | null {
  const candidates = rising ? GAINS.map(([k, words]) => [movements[k], words] as const) : LOSSES.map(([k, words]) => [-movements[k], words] as const);
  const [amount, words] = [...candidates].sort((a, b) => b[0] - a[0])[0]!;
  return amount > 0 ? `${f.money(amount)} of ${words}` : null;
}

/**
 * "MRR grew 4.2% in November 2026 to $112,345.67, driven by $8,210.00 of new business." —
 * or fell (mostly from its largest loss), was almost flat, started, or simply was.
 * `when` is the period as a phrase: "in November 2026", "in week 48", "on 1 Dec 2026".
 */
export function mrrSentence(input: { when: string; mrr: number | null; previous: number | null; movements: SummaryMovements | null }, f: SummaryFormat): string | null {
  const { when, mrr, previous, movements } = input;
  if (mrr === null) return null;
  if (previous === null) return `MRR was ${f.money(mrr)} ${when}.`;
  if (previous === 0) return mrr === 0 ? `There was no MRR ${when}.` : `MRR started ${when} at ${f.money(mrr)}.`;
  const change = relativeChange(mrr, previous)!;
  if (mrr === previous) return `MRR was flat ${when} at ${f.money(mrr)}.`;
  if (Math.abs(change) < FLAT) return `MRR was almost flat ${when} at ${f.money(mrr)} (${f.money(mrr - previous, { signed: true })}).`;
  const rising = mrr > previous;
  const head = `MRR ${rising ? 'grew' : 'fell'} ${f.ratio(Math.abs(change))} ${when} to ${f.money(mrr)}`;
  const why = movements ? driver(movements, rising, f) : null;
  return why ? `${head}, ${rising ? 'driven by' : 'mostly from'} ${why}.` : `${head}.`;
}

/** "Net revenue retention was 101.3% and gross revenue retention 97.2%; $2,140.50 of MRR churned as 19 customers left (customer churn rate 1.9%)." */
export function retentionSentence(input: { nrr: number | null; grr: number | null; churnedMrr: number | null; churnedCustomers: number | null; customerChurnRate: number | null }, f: SummaryFormat): string | null {
  const { nrr, grr, churnedMrr, churnedCustomers, customerChurnRate } = input;
  const retention = nrr !== null && grr !== null
    ? `Net revenue retention was ${f.ratio(nrr)} and gross revenue retention ${f.ratio(grr)}`
    : nrr !== null ? `Net revenue retention was ${f.ratio(nrr)}` : grr !== null ? `Gross revenue retention was ${f.ratio(grr)}` : null;
  let churn: string | null = null;
  if (churnedMrr !== null && churnedCustomers !== null) {
    const rate = customerChurnRate === null ? '' : ` (customer churn rate ${f.ratio(customerChurnRate)})`;
    if (churnedMrr === 0 && churnedCustomers === 0) churn = 'no customer churned';
    else churn = `${f.money(churnedMrr)} of MRR churned as ${f.count(churnedCustomers)} ${churnedCustomers === 1 ? 'customer' : 'customers'} left${rate}`;
  }
  if (retention && churn) return `${retention}; ${churn}.`;
  if (retention) return `${retention}.`;
  return churn ? `${churn.charAt(0).toUpperCase()}${churn.slice(1)}.` : null;
}

/** "34 new customers joined; 981 customers pay $114.52 a month on average (ARPA)." */
export function customersSentence(input: { newCustomers: number | null; customers: number | null; arpa: number | null }, f: SummaryFormat): string | null {
  const { newCustomers, customers, arpa } = input;
  const joined = newCustomers === null ? null : newCustomers === 0 ? 'No new customer joined' : `${f.count(newCustomers)} new ${newCustomers === 1 ? 'customer' : 'customers'} joined`;
  const paying = customers === null ? null : customers === 0 ? 'no customer pays' : `${f.count(customers)} ${customers === 1 ? 'customer pays' : 'customers pay'}${arpa === null ? '' : ` ${f.money(arpa)} a month on average (ARPA)`}`;
  if (joined && paying) return `${joined}; ${paying}.`;
  const one = joined ?? paying;
  return one ? `${one.charAt(0).toUpperCase()}${one.slice(1)}.` : null;
}

/** "The 10 largest customers make up 23.4% of MRR; the largest, Acme Corp, 4.1%." */
export function concentrationSentence(input: { topCount: number; topShare: number | null; largestName: string | null; largestShare: number | null }, f: SummaryFormat): string | null {
  if (input.topShare === null || input.topCount === 0) return null;
  const top = input.topCount === 1 ? 'The largest customer makes up' : `The ${f.count(input.topCount)} largest customers make up`;
  const largest = input.topCount > 1 && input.largestShare !== null ? `; the largest, ${input.largestName ?? 'unnamed'}, ${f.ratio(input.largestShare)}` : '';
  return `${top} ${f.ratio(input.topShare)} of MRR${largest}.`;
}

/** "The forecast puts December 2026 at $115,000.00 (80% interval $112,000.00 – $118,000.00)." */
export function forecastSentence(input: { label: string; mrr: number; low: number | null; high: number | null } | null, f: SummaryFormat): string | null {
  if (!input) return null;
  const interval = input.low !== null && input.high !== null ? ` (80% interval ${f.money(input.low)} – ${f.money(input.high)})` : '';
  return `The forecast puts ${input.label} at ${f.money(input.mrr)}${interval}.`;
}

/** "MRR was $19,800.00 at the end of 15 Apr 2024, up $50.00 (0.3%) on the day before." */
export function dayMrrSentence(input: { dayLabel: string; mrr: number; previous: number | null }, f: SummaryFormat): string {
  const head = `MRR was ${f.money(input.mrr)} at the end of ${input.dayLabel}`;
  if (input.previous === null) return `${head}.`;
  const delta = input.mrr - input.previous;
  if (delta === 0) return `${head}, unchanged on the day before.`;
  const change = relativeChange(input.mrr, input.previous);
  const pct = change === null ? '' : ` (${f.ratio(Math.abs(change))})`;
  return `${head}, ${delta > 0 ? 'up' : 'down'} ${f.money(Math.abs(delta))}${pct} on the day before.`;
}

/** "3 new customers and 1 churned; $120.00 collected, with 2 failed payments." */
export function dayActivitySentence(input: { newCustomers: number | null; churnedCustomers: number | null; collected: number | null; failedPayments: number | null }, f: SummaryFormat): string | null {
  const parts: string[] = [];
  const { newCustomers: n, churnedCustomers: c, collected, failedPayments: failed } = input;
  if (n !== null && c !== null) parts.push(`${f.count(n)} new ${n === 1 ? 'customer' : 'customers'} and ${f.count(c)} churned`);
  if (collected !== null) {
    const fails = failed === null ? '' : failed === 0 ? ', no failed payment' : `, with ${f.count(failed)} failed ${failed === 1 ? 'payment' : 'payments'}`;
    parts.push(`${f.money(collected)} collected${fails}`);
  }
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** "2 open alerts need attention; the most urgent: Payment failed (Acme Corp)." */
export function alertsSentence(input: { open: number; first: { rule: string; customer: string } | null }, f: SummaryFormat): string {
  if (input.open === 0) return 'No open alerts.';
  const verb = input.open === 1 ? 'open alert needs' : 'open alerts need';
  return `${f.count(input.open)} ${verb} attention${input.first ? `; the most urgent: ${input.first.rule} (${input.first.customer})` : ''}.`;
}

/** Progress to the month's MRR target. */
export function targetSentence(input: { target: number; mrr: number; progress: number; reached: boolean; monthLabel: string; perDay: number | null; daysLeft: number }, f: SummaryFormat): string {
  if (input.reached) return `MRR of ${f.money(input.mrr)} has reached the ${f.money(input.target)} target.`;
  const head = `MRR is ${f.ratio(input.progress)} of the ${f.money(input.target)} target`;
  if (input.perDay === null || input.daysLeft === 0) return `${head}, with ${f.money(input.target - input.mrr)} to go as ${input.monthLabel} ends.`;
  return `${head}: ${f.money(input.perDay)} a day is needed over the ${f.count(input.daysLeft)} ${input.daysLeft === 1 ? 'day' : 'days'} left of ${input.monthLabel}.`;
}

/** "Average health was 64 (66 the period before); 12 customers with $4,300.00 of MRR are at risk; NPS was 32." */
export function successSentence(input: { averageHealth: number | null; previousHealth: number | null; atRisk: number | null; mrrAtRisk: number | null; nps: number | null; previousLabel: string }, f: SummaryFormat): string | null {
  const parts: string[] = [];
  if (input.averageHealth !== null) {
    const before = input.previousHealth === null ? '' : ` (${f.value(input.previousHealth, 'score')} ${input.previousLabel})`;
    parts.push(`average health was ${f.value(input.averageHealth, 'score')}${before}`);
  }
  if (input.atRisk !== null) {
    const mrr = input.mrrAtRisk === null ? '' : ` with ${f.money(input.mrrAtRisk)} of MRR`;
    parts.push(input.atRisk === 0 ? 'no customer is at risk' : `${f.count(input.atRisk)} ${input.atRisk === 1 ? 'customer' : 'customers'}${mrr} ${input.atRisk === 1 ? 'is' : 'are'} at risk`);
  }
  if (input.nps !== null) parts.push(`NPS was ${f.value(input.nps, 'score')}`);
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * One figure against its comparison: "Customer churn rate: 3.0% in November 2026, up from 2.0% in
 * October 2026." — "New MRR: $8,210.00 in November 2026, up 12.5% from $7,297.78 in October 2026."
 * Ratios, scores and days say the two values only (a relative change of a rate misleads).
 * `when` and `previousWhen` are phrases: "in November 2026", "on 1 Dec 2026".
 */
export function figureSentence(input: { label: string; unit: SummaryUnit; value: number | null; previous: number | null; when: string; previousWhen: string | null; reason?: string | undefined }, f: SummaryFormat): string {
  const { label, unit, value, previous, when, previousWhen } = input;
  if (value === null) return `${label}: not available ${when}${input.reason ? ` (${input.reason})` : ''}.`;
  const head = `${label}: ${f.value(value, unit)} ${when}`;
  if (previous === null || previousWhen === null) return `${head}.`;
  if (value === previous) return `${head}, as ${previousWhen}.`;
  if (unit === 'ratio' || unit === 'score' || unit === 'days') return `${head}, ${value > previous ? 'up' : 'down'} from ${f.value(previous, unit)} ${previousWhen}.`;
  const change = relativeChange(value, previous);
  if (change === null) return `${head}, against ${f.value(previous, unit)} ${previousWhen}.`;
  return `${head}, ${value > previous ? 'up' : 'down'} ${f.ratio(Math.abs(change))} from ${f.value(previous, unit)} ${previousWhen}.`;
}
