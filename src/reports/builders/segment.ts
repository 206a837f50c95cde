// A custom report's segment: the customers a segment's filters select, read through the customers
// list (src/read/customers: the same rows GET /v1/customers returns for those filters, so its count
// is the segments grid's), largest MRR first, with health and churn risk. Built-in segment ids
// (builtin-…) name the built-in filter sets. The list reads customers as they stand today.
import type { CustomerFilterSet } from '../../read/customers/contract.js';
import { customerFilterSet } from '../../read/customers/contract.js';
import { allCustomers } from '../../read/customers/load.js';
import type { CustomerFilters } from '../../read/customers/query.js';
import type { ReportBlock, ReportSection } from '../../read/reports/contract.js';
import { BUILT_IN_SEGMENTS } from '../../read/segments/builtin.js';
import { segmentView } from '../../read/segments/load.js';
import { listSegments } from '../../store/segments-repo.js';
import { dayLabel } from '../period.js';
import type { BuildContext } from './context.js';

/** Rows listed; the count and total MRR cover every customer of the segment. */
export const SEGMENT_ROWS = 100;

/**
 * A segment's stored filters (validated by the API when saved) as the read side takes them. The
 * same mapping as the customers route's toCustomerFilters (src/api/schemas/customers.ts), which a
 * report may not import: the JSON `plan` is the list's planId.
 */
export function segmentFilters(set: CustomerFilterSet): CustomerFilters {
  const { plan, sort, ...rest } = set;
  void sort;
  const out: CustomerFilters = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '') continue;
    (out as Record<string, unknown>)[key] = value;
  }
  if (plan) out.planId = plan;
  return out;
}

async function findSegment(ctx: BuildContext, segmentId: string) {
  const builtIn = BUILT_IN_SEGMENTS.find((s) => s.id === segmentId);
  if (builtIn) return builtIn;
  const own = (await listSegments(ctx.db, ctx.workspace.id)).find((s) => s.id === segmentId);
  return own ? segmentView(own) : null;
}

export async function segmentSection(ctx: BuildContext, segmentId: string): Promise<ReportSection> {
  const segment = await findSegment(ctx, segmentId);
  const columns = [
    { key: 'customer', label: 'Customer', unit: 'text' as const },
    { key: 'plan', label: 'Plan', unit: 'text' as const },
    { key: 'status', label: 'Status', unit: 'text' as const },
    { key: 'mrr', label: 'MRR', unit: 'money' as const },
    { key: 'health', label: 'Health', unit: 'score' as const },
    { key: 'risk', label: 'Churn risk', unit: 'ratio' as const },
  ];
  const table = (block: ReportBlock): ReportBlock => block;
  if (!segment) {
    const note = `The segment "${segmentId}" no longer exists: edit the report to choose another.`;
    return { id: 'segment', title: 'Segment', note, blocks: [table({ type: 'table', table: { id: 'segment-customers', title: 'Customers', currency: ctx.currency, columns, rows: [], total: null, note } })] };
  }
  const parsed = customerFilterSet.safeParse(segment.filters);
  if (!parsed.success) {
    const note = `The segment "${segment.name}" has filters this version cannot read.`;
    return { id: 'segment', title: `Segment: ${segment.name}`, note, blocks: [] };
  }
  const today = ctx.now.toISOString().slice(0, 10);
  const customers: { customer: string; plan: string | null; status: string; mrr: number; health: number | null; risk: number | null }[] = [];
  for await (const c of allCustomers(ctx.db, ctx.workspace, { filters: segmentFilters(parsed.data), sort: '-mrr' }, ctx.now)) {
    const mrr = Object.entries(c.mrrByCurrency).reduce((s, [currency, amount]) => s + ctx.fx.convert(amount, currency, today), 0);
    customers.push({ customer: c.name ?? c.id, plan: c.planName ?? c.planId, status: c.status, mrr, health: c.health?.score ?? null, risk: c.risk?.probability ?? null });
  }
  customers.sort((a, b) => b.mrr - a.mrr);
  const mrr = customers.reduce((s, c) => s + c.mrr, 0);
  const notes = [
    customers.length > SEGMENT_ROWS ? `${customers.length} customers; the ${SEGMENT_ROWS} with the most MRR are listed, the total covers all.` : null,
    ctx.asOf.day < today ? `Customers as they stand today (${dayLabel(today)}), not on ${dayLabel(ctx.asOf.day)}: the customers list has no past view.` : null,
  ].filter((n): n is string => n !== null);
  return {
    id: 'segment',
    title: `Segment: ${segment.name}`,
    note: ctx.asOf.day < today ? notes.at(-1)! : null,
    blocks: [
      ...(segment.action ? [{ type: 'text' as const, paragraphs: [`Suggested action: ${segment.action}.`] }] : []),
      table({
        type: 'table',
        table: {
          id: 'segment-customers', title: `Customers in "${segment.name}", largest MRR first`, currency: ctx.currency, columns,
          rows: customers.slice(0, SEGMENT_ROWS),
          total: { customer: `${customers.length} ${customers.length === 1 ? 'customer' : 'customers'}`, plan: null, status: null, mrr, health: null, risk: null },
          note: customers.length === 0 ? 'No customer matches the segment today.' : notes.join(' ') || null,
        },
      }),
    ],
  };
}
