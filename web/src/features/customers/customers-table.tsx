// The customers table (TanStack Table v9, sorting done by the server): name and email linking
// to the customer's page, plan, status, MRR in the customer's currency, health and churn risk,
// country and signup day.
// Sortable headers are buttons that say which way they sort.
import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from '../../app/link.js';
import { formatDay } from '../../lib/calendar.js';
import { formatMoney } from '../../lib/format.js';
import { HealthBadge, RiskBadge } from '../success/badges.js';
import { STATUS_LABELS } from './filters.js';
import type { CustomerItem, CustomerSort } from '@read/customers/contract.js';

const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, CustomerItem>();

type SortKey = 'name' | 'mrr' | 'signup' | 'health' | 'risk';
const SORT_KEYS: readonly string[] = ['name', 'mrr', 'signup', 'health', 'risk'] satisfies SortKey[];

export function sortingOf(sort: CustomerSort): SortingState {
  return [{ id: sort.replace(/^-/, ''), desc: sort.startsWith('-') }];
}

export function sortOf(sorting: SortingState): CustomerSort | null {
  const first = sorting[0];
  if (!first || !SORT_KEYS.includes(first.id)) return null;
  return `${first.desc ? '-' : ''}${first.id as SortKey}` as CustomerSort;
}

type Props = {
  rows: CustomerItem[];
  sort: CustomerSort;
  onSort: (sort: CustomerSort) => void;
  customerHref: (id: string) => string;
  /** "≈ $550.00": a foreign MRR in the reporting currency at today's rate (the MRR sort uses the reporting currency). */
  approx?: (customer: CustomerItem) => string | null;
  locale?: string;
};

export function CustomersTable({ rows, sort, onSort, customerHref, approx, locale }: Props) {
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor((c) => c.name ?? c.email ?? c.id, {
          id: 'name',
          header: 'Customer',
          cell: (info) => {
            const c = info.row.original;
            return (
              <span className="customer-cell">
                <Link href={customerHref(c.id)} className="customer-link" data-testid="customer-link">
                  {c.name ?? c.email ?? c.id}
                </Link>
                {c.email && c.name && <span className="customer-email">{c.email}</span>}
              </span>
            );
          },
        }),
        helper.accessor('planName', { id: 'plan', header: 'Plan', enableSorting: false, cell: (info) => info.getValue() ?? <span className="muted">—</span> }),
        helper.accessor('status', {
          id: 'status',
          header: 'Status',
          enableSorting: false,
          cell: (info) => (
            <span className="status-badge" data-status={info.getValue()}>
              {STATUS_LABELS[info.getValue()]}
              {info.row.original.cancelScheduled ? ' · cancelling' : ''}
            </span>
          ),
        }),
        helper.accessor('mrr', {
          id: 'mrr',
          header: 'MRR',
          sortDescFirst: true,
          cell: (info) => {
            const c = info.row.original;
            if (!c.currency) return <span className="muted">—</span>;
            const converted = approx?.(c) ?? null;
            return (
              <>
                <span className="mrr-native">{formatMoney(c.mrr, c.currency, locale)}</span>
                {converted && <span className="mrr-approx">{converted}</span>}
              </>
            );
          },
        }),
        helper.accessor((c) => c.health?.score ?? null, {
          id: 'health',
          header: 'Health',
          cell: (info) => {
            const h = info.row.original.health;
            return h ? <HealthBadge score={h.score} band={h.band} partial={h.partial} locale={locale} /> : <span className="muted">—</span>;
          },
        }),
        helper.accessor((c) => c.risk?.probability ?? null, {
          id: 'risk',
          header: 'Churn risk',
          sortDescFirst: true,
          cell: (info) => {
            const r = info.row.original.risk;
            return r ? <RiskBadge probability={r.probability} locale={locale} /> : <span className="muted">—</span>;
          },
        }),
        helper.accessor('country', { id: 'country', header: 'Country', enableSorting: false, cell: (info) => info.getValue() ?? <span className="muted">—</span> }),
        helper.accessor('signupDay', {
          id: 'signup',
          header: 'Signed up',
          sortDescFirst: true,
          cell: (info) => {
            const day = info.getValue();
            return day ? formatDay(day, locale) : <span className="muted">—</span>;
          },
        }),
      ]),
    [customerHref, approx, locale],
  );
  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = sortOf(typeof updater === 'function' ? updater(sorting) : updater);
      if (next) onSort(next);
    },
  });

  const numeric = new Set(['mrr']);
  return (
    <div className="table-scroll" tabIndex={-1}>
      <table className="data-table numeric-table customers-table" data-testid="customers-table">
        <caption className="visually-hidden">Customers, sorted by {sort.replace('-', '')} {sort.startsWith('-') ? 'descending' : 'ascending'}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const align = numeric.has(header.column.id) ? 'num' : undefined;
                return (
                  <th key={header.id} scope="col" className={align} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} data-col={header.column.id}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()} data-testid={`sort-${header.column.id}`}>
                        <table.FlexRender header={header} />
                        <span className="sort-arrow" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="customer-row" data-customer-id={row.id}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={numeric.has(cell.column.id) ? 'num' : undefined} data-col={cell.column.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
