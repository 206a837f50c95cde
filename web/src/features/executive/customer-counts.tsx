import { useExplainer } from '../../components/explain/explain-context.js';
import { Skeleton } from '../../components/skeleton.js';
import { formatCount } from '../../lib/format.js';
import type { CountItem } from './counts.js';

export function CustomerCounts({ items, locale }: { items: CountItem[]; locale?: string }) {
  const explain = useExplainer();
  return (
    <section className="panel counts" aria-labelledby="counts-title" data-testid="customer-counts">
      <h2 className="panel-title" id="counts-title">
        Customers
      </h2>
      <dl className="counts-grid">
        {items.map((item) => {
          const value = item.value === undefined ? null : formatCount(item.value, locale);
          return (
            <div key={item.key} className="count" data-testid={item.key === 'paying' ? 'metric-customers' : `count-${item.key}`}>
              <dt className="count-label">{item.label}</dt>
              <dd className="count-value">
                {value === null ? (
                  item.hint ? <span className="muted count-hint">{item.hint}</span> : <Skeleton width={56} height={28} />
                ) : item.explain ? (
                  <button type="button" className="count-button" data-testid="metric-value" data-figure={item.figure} onClick={() => explain(item.explain!)} aria-label={`${item.label}: ${value}. Explain this figure`}>
                    {value}
                  </button>
                ) : item.href ? (
                  <a className="count-button" data-testid="metric-value" data-figure={item.figure} href={item.href} aria-label={`${item.label}: ${value}. Show them`}>
                    {value}
                  </a>
                ) : (
                  <span data-testid="metric-value" data-figure={item.figure}>{value}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
