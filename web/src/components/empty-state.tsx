import type { ReactNode } from 'react';

/** Nothing to show yet, and what to do about it. */
export function EmptyState({ title, children, action, testId = 'empty-state', compact = false }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string; compact?: boolean }) {
  return (
    <section className={`empty-state${compact ? ' empty-state-compact' : ''}`} data-testid={testId}>
      <h2 className="empty-state-title">{title}</h2>
      {children}
      {action && <div className="empty-state-action">{action}</div>}
    </section>
  );
}

/** A workspace that has never received an event: how to connect Stripe. */
export function ConnectStripeEmptyState({ origin, settingsHref }: { origin: string; settingsHref: string }) {
  return (
    <EmptyState
      title="No revenue data yet"
      action={
        <a className="button button-primary" href={settingsHref}>
          Connect Stripe
        </a>
      }
    >
      <p>Connect Stripe and this dashboard fills in within seconds, then stays live as payments happen.</p>
      <ol className="steps">
        <li>
          In the Stripe Dashboard, open <strong>Developers → API keys</strong> and create a <strong>restricted key</strong> with read access
          to customers, subscriptions, invoices, prices and products.
        </li>
        <li>
          In Revpulse, open <strong>Settings → Sources</strong>, add a Stripe source with that key, and copy the webhook URL it shows (it
          looks like <code>{`${origin}/webhooks/stripe/src_…`}</code>).
        </li>
        <li>
          Under <strong>Developers → Webhooks</strong> in Stripe, add that URL as an endpoint for the <code>customer.*</code>,{' '}
          <code>customer.subscription.*</code>, <code>invoice.*</code> and <code>charge.*</code> events, and paste its signing secret into
          Revpulse. Your history backfills; new events arrive live.
        </li>
      </ol>
    </EmptyState>
  );
}
