// The Customers screen: /customers is the searchable, filterable, sortable table with quick
// chips, saved views and CSV export; /customers/:id is one customer's page. The table's view
// lives in the URL (filters.ts), so a filtered list can be shared or bookmarked.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { navigate, withParams } from '../../app/navigation.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { errorMessage } from '../../lib/api-client.js';
import { utcDay } from '../../lib/calendar.js';
import { formatMoney } from '../../lib/format.js';
import { mayExport } from '../revenue/may-export.js';
import { CustomerPage } from './customer-page.js';
import { CustomersTable } from './customers-table.js';
import { ExportButton } from './export-button.js';
import { FilterPanel } from './filter-panel.js';
import { filterChips } from './filter-summary.js';
import { hasFilters, PAGE_SIZES, QUICK_FILTERS, quickFilterActive, searchForView, toggleQuickFilter, viewFromSearch, withoutFilter, type CustomerView } from './filters.js';
import { PresetsBar } from './presets-bar.js';
import { approximateMrr } from './approximate.js';
import type { CustomerItem } from '@read/customers/contract.js';
import { useCustomerPage, useFilterOptions } from './use-customers.js';
import '../revenue/figures.css';
import './customers.css';

/** The customer id of /customers/:id, or null on the list. */
export function customerIdOf(pathname: string): string | null {
  const match = /^\/customers\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

export function CustomersScreen(props: ScreenProps) {
  const id = customerIdOf(props.pathname);
  return id ? <CustomerPage {...props} customerId={id} /> : <CustomersList {...props} />;
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <label className="search-box">
      <span className="visually-hidden">Search customers</span>
      <input type="search" value={text} placeholder="Search name, email or ID" onChange={(e) => setText(e.target.value)} maxLength={200} data-testid="customer-search" />
    </label>
  );
}

function CustomersList({ workspace, search, locale }: ScreenProps) {
  const view = useMemo(() => viewFromSearch(search), [search]);
  const viewKey = searchForView({ ...view, pageSize: view.pageSize }, '');
  const [cursors, setCursors] = useState<{ key: string; stack: (string | null)[] }>({ key: viewKey, stack: [null] });
  const stack = cursors.key === viewKey ? cursors.stack : [null];
  const cursor = stack[stack.length - 1] ?? null;
  const page = useCustomerPage(workspace.id, view, cursor);
  const options = useFilterOptions(workspace.id);
  const [showFilters, setShowFilters] = useState(() => hasFilters(view.filters) && !QUICK_FILTERS.some((q) => quickFilterActive(view.filters, q, utcDay(new Date()))));
  const today = utcDay(new Date());
  const reporting = workspace.reportingCurrency;

  const go = (next: CustomerView) => navigate(`${window.location.pathname}${searchForView(next, window.location.search)}`, { replace: true });
  const setFilters = (filters: CustomerView['filters']) => go({ ...view, filters });
  const onSearch = useCallback((q: string) => go({ ...view, filters: q ? { ...view.filters, q } : withoutFilter(view.filters, 'q') }), [view]);
  const planName = (id: string) => options.plans.find((p) => p.id === id)?.name ?? id;
  const chips = filterChips(view.filters, { planName, money: (m) => formatMoney(m, reporting, locale), locale });
  const rows = page.data?.data ?? [];
  const first = (stack.length - 1) * view.pageSize + 1;
  const total = page.data?.total;
  // Filtered to Trialing alone, the count is the active trials figure other screens show.
  const onlyTrialing = Object.keys(view.filters).length === 1 && view.filters.status?.length === 1 && view.filters.status[0] === 'trialing';
  const customerHref = useCallback((id: string) => withParams(`/customers/${encodeURIComponent(id)}`, '', { workspace: workspace.id }), [workspace.id]);
  const approx = useCallback((c: CustomerItem) => approximateMrr(c, reporting, options.rates, locale), [reporting, options.rates, locale]);

  return (
    <div className="screen customers-screen" data-testid="customers-screen">
      <section className="panel customers-panel">
        <div className="customers-toolbar">
          <SearchBox value={view.filters.q ?? ''} onSearch={onSearch} />
          <button type="button" className="button" aria-expanded={showFilters} aria-controls="customer-filters" onClick={() => setShowFilters((s) => !s)} data-testid="toggle-filters">
            Filters{chips.length > 0 ? ` (${chips.length})` : ''}
          </button>
          <div className="toolbar-end">{mayExport(workspace.role) && <ExportButton workspaceId={workspace.id} view={view} />}</div>
        </div>

        <div className="chips quick-chips" role="group" aria-label="Quick filters">
          {QUICK_FILTERS.map((q) => (
            <button key={q.id} type="button" className="chip" aria-pressed={quickFilterActive(view.filters, q, today)} onClick={() => setFilters(toggleQuickFilter(view.filters, q, today))} data-testid={`quick-${q.id}`}>
              {q.label}
            </button>
          ))}
        </div>

        {showFilters && (
          <div id="customer-filters">
            <FilterPanel filters={view.filters} onChange={setFilters} plans={options.plans} currencies={options.currencies} reportingCurrency={reporting} />
          </div>
        )}

        {chips.length > 0 && (
          <div className="chips active-filters" aria-label="Active filters" role="group" data-testid="active-filters">
            {chips.map((chip) => (
              <button key={chip.key} type="button" className="chip chip-active" onClick={() => setFilters(withoutFilter(view.filters, chip.key))} aria-label={`Remove filter ${chip.label}`}>
                {chip.label} <span className="chip-remove" aria-hidden="true">×</span>
              </button>
            ))}
            <button type="button" className="button button-quiet" onClick={() => setFilters({})} data-testid="clear-filters">
              Clear all
            </button>
          </div>
        )}

        <PresetsBar workspaceId={workspace.id} view={view} onApply={go} />

        {page.isError ? (
          <ErrorNotice title="Could not load the customers" message={errorMessage(page.error)} onRetry={() => void page.refetch()} />
        ) : !page.data ? (
          <div aria-busy="true">
            <Skeleton height={420} />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState title={hasFilters(view.filters) ? 'No customer matches these filters' : 'No customers yet'} compact testId="customers-empty">
            <p className="muted">
              {hasFilters(view.filters) ? 'Loosen a filter or clear them all.' : 'Customers appear here as soon as Stripe sends their first event: connect it under Settings → Sources.'}
            </p>
          </EmptyState>
        ) : (
          <div aria-busy={page.isPlaceholderData || undefined} className={page.isPlaceholderData ? 'refreshing' : undefined}>
            <CustomersTable rows={rows} sort={view.sort} onSort={(sort) => go({ ...view, sort })} customerHref={customerHref} approx={approx} locale={locale} />
          </div>
        )}

        <nav className="pager" aria-label="Pages">
          <span className="muted" data-testid="page-range">
            {rows.length > 0 ? `Customers ${first.toLocaleString(locale)}–${(first + rows.length - 1).toLocaleString(locale)} of ` : ''}
            {rows.length > 0 && total !== undefined && (
              <span data-testid="customers-total" data-figure={onlyTrialing ? 'active-trials' : undefined}>
                {total.toLocaleString(locale)}
              </span>
            )}
          </span>
          <label className="inline-select">
            <span>Rows</span>
            <select value={view.pageSize} onChange={(e) => go({ ...view, pageSize: Number(e.target.value) })} data-testid="page-size">
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" disabled={stack.length <= 1} onClick={() => setCursors({ key: viewKey, stack: stack.slice(0, -1) })} data-testid="page-previous">
            ← Previous
          </button>
          <button
            type="button"
            className="button"
            disabled={!page.data?.nextCursor || page.isPlaceholderData}
            onClick={() => page.data?.nextCursor && setCursors({ key: viewKey, stack: [...stack, page.data.nextCursor] })}
            data-testid="page-next"
          >
            Next →
          </button>
        </nav>
      </section>
    </div>
  );
}
