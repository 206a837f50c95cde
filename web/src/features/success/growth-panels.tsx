// The Customer success panels about growing accounts: expansion opportunities (each with its
// evidence and a suggested plan), onboarding progress of new customers through the milestone
// checklist, and the NPS card (the Executive screen shows the same card: data-figure="nps").
import { Link } from '../../app/link.js';
import { DataPanel, type PanelQuery } from '../../components/data-panel.js';
import type { ExportTarget } from '../../components/export-menu.js';
import { MetricCard } from '../../components/metric-card.js';
import { numeric, TableHead } from '../../components/table-head.js';
import { formatDay } from '../../lib/calendar.js';
import { formatCount, formatMoney, formatScore } from '../../lib/format.js';
import { formatPercent } from '../../lib/percent.js';
import type { ExpansionResponse } from '@read/expansion/contract.js';
import type { NpsResponse } from '@read/nps/contract.js';
import type { OnboardingResponse } from '@read/onboarding/contract.js';
import { EXPANSION_LABELS, expansionText, NPS_TARGET, npsChange, onboardingProgress } from './success-view.js';

const SHOWN = 8;

export function ExpansionPanel({ query, customerHref, locale, exportTarget }: { query: PanelQuery<ExpansionResponse>; customerHref: (id: string) => string; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel
      title="Expansion opportunities"
      testId="expansion"
      query={query}
      export={exportTarget}
      subtitle="Usage above 80% of a limit, more users than seats, power users on the entry plan"
      empty={(e) => (e.data.length === 0 ? <p className="muted">{e.notes[0] ?? 'No customer is outgrowing their plan right now.'}</p> : null)}
      skeletonHeight={220}
    >
      {(e) => (
        <>
          {e.notes.map((n, i) => (
            <p key={i} className="figure-note">
              {n}
            </p>
          ))}
          <p className="chips" aria-label="Opportunities by kind">
            {(Object.keys(EXPANSION_LABELS) as (keyof typeof EXPANSION_LABELS)[]).map((k) => (
              <span key={k} className="badge">
                {EXPANSION_LABELS[k]}: {formatCount(e.counts[k], locale)}
              </span>
            ))}
          </p>
          <ul className="opportunity-list">
            {e.data.slice(0, SHOWN).map((o, i) => (
              <li key={`${o.customerId}-${o.kind}-${i}`} data-testid="expansion-row">
                <div className="opportunity-head">
                  <Link href={customerHref(o.customerId)}>{o.name ?? o.customerId}</Link>
                  <span className="muted">
                    {o.planName ?? 'no plan'} · {formatMoney(o.mrr, e.currency, locale)}
                  </span>
                </div>
                <p className="opportunity-text">
                  {expansionText(o.evidence, locale)}
                  {o.suggestedPlan && <span className="muted"> → suggest {o.suggestedPlan.planName}</span>}
                </p>
              </li>
            ))}
          </ul>
          {e.data.length > SHOWN && <p className="muted">and {formatCount(e.data.length - SHOWN, locale)} more ({formatCount(e.customers, locale)} customers in all)</p>}
        </>
      )}
    </DataPanel>
  );
}

export function OnboardingPanel({ query, customerHref, locale, exportTarget }: { query: PanelQuery<OnboardingResponse>; customerHref: (id: string) => string; locale?: string; exportTarget?: ExportTarget }) {
  return (
    <DataPanel
      title="Onboarding"
      testId="onboarding"
      query={query}
      export={exportTarget}
      subtitle={query.data ? `Customers who signed up in the last ${query.data.windowDays} days, through the milestone checklist` : 'New customers through the milestone checklist'}
      empty={(o) => (o.counts.customers === 0 ? <p className="muted">{o.notes[0] ?? 'No customer signed up in the window.'}</p> : null)}
      skeletonHeight={220}
    >
      {(o) => (
        <>
          {o.notes.map((n, i) => (
            <p key={i} className="figure-note">
              {n}
            </p>
          ))}
          <p className="onboarding-counts">
            <span>
              <strong>{formatCount(o.counts.customers, locale)}</strong> new
            </span>
            <span>
              <strong>{formatCount(o.counts.completed, locale)}</strong> completed
            </span>
            <span data-tone={o.counts.stuck > 0 ? 'down' : undefined}>
              <strong>{formatCount(o.counts.stuck, locale)}</strong> stuck ({o.stuckAfterDays}+ days without a milestone)
            </span>
          </p>
          <ul className="milestone-rates">
            {o.milestones.map((m) => (
              <li key={m.key}>
                <span className="milestone-label">{m.label}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(m.rate ?? 0) * 100}%` }} />
                </span>
                <span className="milestone-rate">{formatPercent(m.rate, { locale, digits: 0 })}</span>
              </li>
            ))}
          </ul>
          <div className="table-scroll">
            <table className="data-table numeric-table">
              <TableHead columns={['Customer', numeric('Progress'), 'State']} />
              <tbody>
                {o.customers.slice(0, SHOWN).map((c) => (
                  <tr key={c.customerId} data-testid="onboarding-row">
                    <td>
                      <Link href={customerHref(c.customerId)}>{c.name ?? c.customerId}</Link>
                      <span className="muted cell-sub">signed up {formatDay(c.signupDay, locale)}</span>
                    </td>
                    <td className="num">
                      <span className="progress-inline" role="progressbar" aria-label={`${c.completed} of ${c.milestones.length} milestones`} aria-valuemin={0} aria-valuemax={c.milestones.length} aria-valuenow={c.completed}>
                        <span className="progress-inline-fill" style={{ width: `${onboardingProgress(c) * 100}%` }} />
                      </span>{' '}
                      {c.completed}/{c.milestones.length}
                    </td>
                    <td>{!c.linked ? <span className="muted">no account</span> : c.completed === c.milestones.length ? <span className="badge badge-positive">done</span> : c.stuck ? <span className="badge badge-critical">stuck</span> : <span className="badge">in progress</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </DataPanel>
  );
}

/** The NPS over the range against the range before, with the target from our users' spec. */
export function NpsCard({ query, locale }: { query: PanelQuery<NpsResponse>; locale?: string }) {
  const n = query.data;
  const change = n ? npsChange(n.current, n.previous) : null;
  const value = n ? (n.current.nps === null ? undefined : formatScore(n.current.nps, { locale, signed: true })) : undefined;
  const unavailable = query.error && !n ? 'Not available' : n && n.current.nps === null ? (n.current.note ?? 'No responses yet') : null;
  return (
    <MetricCard
      testId="metric-nps"
      label="NPS"
      value={value}
      unavailable={unavailable}
      figure="nps"
      detail={
        n && n.current.nps !== null ? (
          <span>
            {formatCount(n.current.responses, locale)} respondents · target above {NPS_TARGET}
            {n.current.nps > NPS_TARGET ? ' ✓' : ''}
          </span>
        ) : undefined
      }
      trend={change === null ? null : { direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat', tone: change > 0 ? 'good' : change < 0 ? 'bad' : 'neutral', label: `${formatScore(change, { locale, signed: true })} pts`, change }}
      trendCaption="vs previous period"
      spark={n && n.periods.length > 1 ? { values: n.periods.map((p) => p.nps), label: 'NPS per period' } : null}
    />
  );
}
