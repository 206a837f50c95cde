import type { ReactNode } from 'react';
import { MetricCard } from '../../components/metric-card.js';
import { useExplainer } from '../../components/explain/explain-context.js';
import { useChangeFlash } from '../../components/use-change-flash.js';
import type { CardModel } from './cards.js';

/** The cards' figures by the names other screens give them (data-figure). */
const FIGURES: Partial<Record<CardModel['key'], string>> = { mrr: 'mrr', arr: 'arr', arpa: 'arpa', churn: 'customer-churn-30d' };

function Card({ card, raw }: { card: CardModel; raw?: number }) {
  const explain = useExplainer();
  const flash = useChangeFlash(raw, 'x');
  const target = card.explain;
  return (
    <MetricCard
      testId={card.testId}
      label={card.label}
      value={card.value}
      unavailable={card.unavailable}
      detail={
        card.detail || card.progress !== undefined || card.note ? (
          <>
            {card.detail && <span>{card.detail}</span>}
            {card.note && <span className="card-note" data-testid={`${card.testId}-note`}>{card.note}</span>}
            {card.progress !== null && card.progress !== undefined && (
              <span className="progress" role="progressbar" aria-label="MRR against the monthly target" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(card.progress * 100)}>
                <span className="progress-fill" style={{ width: `${Math.min(100, card.progress * 100)}%` }} />
              </span>
            )}
          </>
        ) : undefined
      }
      trend={card.trend}
      trendCaption={card.trendCaption}
      spark={card.spark}
      onExplain={target ? () => explain(target) : undefined}
      flash={flash !== null}
      size={card.key === 'mrr' ? 'large' : 'normal'}
      figure={FIGURES[card.key]}
    />
  );
}

/** The six executive figures. `raw` carries the live numbers, so a card flashes when one moves.
 *  `children`: further cards in the same grid (the NPS card). */
export function KpiCards({ cards, raw, children }: { cards: CardModel[]; raw: Partial<Record<CardModel['key'], number>>; children?: ReactNode }) {
  return (
    <div className="card-grid" data-testid="kpi-cards">
      {cards.map((card) => (
        <Card key={card.key} card={card} raw={raw[card.key]} />
      ))}
      {children}
    </div>
  );
}
