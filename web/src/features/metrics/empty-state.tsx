/** Shown while a workspace has never received an event: how to get data in. The copy will
 *  point at the connect flow once the server has one. */
export function EmptyState({ origin }: { origin: string }) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title" data-testid="empty-state">
      <h2 id="empty-state-title">No revenue data yet</h2>
      <p>Connect Stripe and this page fills in within seconds, then stays live as payments happen.</p>
      <ol className="steps">
        <li>
          In the Stripe Dashboard, open <strong>Developers → API keys</strong> and create a <strong>restricted key</strong> with
          read access to customers, subscriptions, invoices, prices and products.
        </li>
        <li>
          Under <strong>Developers → Webhooks</strong>, add an endpoint pointing to{' '}
          <code>{`${origin}/webhooks/stripe/<source id>`}</code> (the id of this workspace's Stripe source) for the{' '}
          <code>customer.*</code>, <code>customer.subscription.*</code> and <code>invoice.*</code> events, and copy its signing secret.
        </li>
        <li>Give Revpulse the key and the signing secret; it backfills your history, then follows the webhooks.</li>
      </ol>
    </section>
  );
}
