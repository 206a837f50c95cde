// Settings → Unmatched accounts: product accounts (Segment groups) that no rule linked to a
// billing customer, with the rules' suggestion when there is one; a person links an account by
// choosing a customer (searched by name, e-mail or id). Linked accounts can be listed too.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../app/error-notice.js';
import { ACTIONS_COLUMN, numeric, TableHead } from '../../components/table-head.js';
import { apiGet, apiSend, errorMessage } from '../../lib/api-client.js';
import { accountLinkAnswer, successAccountList, type SuccessAccount } from '@read/success-accounts/contract.js';
import { customerListResponse } from '@read/customers/contract.js';
import { when } from './when.js';

const RULE_LABELS = { customer_id: 'billing customer id', external_id: 'external id', email_domain: 'e-mail domain', manual: 'by hand' } as const;

export function AccountsPanel({ workspaceId }: { workspaceId: string }) {
  const [linked, setLinked] = useState(false);
  const path = '/v1/success/accounts';
  const client = useQueryClient();
  const params = { workspace: workspaceId };
  const query = useQuery({
    queryKey: ['success-accounts', workspaceId, linked],
    queryFn: ({ signal }) => apiGet(path, successAccountList, { params: { ...params, linked: String(linked), limit: '100' }, signal }),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['success-accounts', workspaceId] });
  const link = useMutation({
    mutationFn: ({ accountId, customerId }: { accountId: string; customerId: string | null }) =>
      apiSend('PUT', `${path}/${encodeURIComponent(accountId)}/link`, accountLinkAnswer, { params, body: { customerId } }),
    onSuccess: refresh,
  });
  return (
    <section className="panel" data-testid="accounts-panel">
      <header className="panel-header">
        <div>
          <h2 className="panel-title">{linked ? 'Linked accounts' : 'Unmatched accounts'}</h2>
          <p className="panel-subtitle">
            Product accounts are linked to billing customers by the billing customer id, the customer's external id, or the users' e-mail domain. Those no rule could link are listed here: choose their customer.
          </p>
        </div>
        <div className="chips" role="group" aria-label="Show">
          <button type="button" className="chip" aria-pressed={!linked} onClick={() => setLinked(false)}>
            Unmatched
          </button>
          <button type="button" className="chip" aria-pressed={linked} onClick={() => setLinked(true)}>
            Linked
          </button>
        </div>
      </header>
      {query.isError ? (
        <ErrorNotice title="Could not load the accounts" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <p className="muted">Loading…</p>
      ) : query.data.data.length === 0 ? (
        <p className="muted" data-testid="accounts-empty">
          {linked ? 'No account is linked yet.' : 'Every product account is linked to a customer.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <TableHead columns={['Account', numeric('Users'), 'Last seen', linked ? 'Customer' : 'Suggestion', ACTIONS_COLUMN]} scope={null} />
            <tbody>
              {query.data.data.map((a) => (
                <AccountRow key={a.accountId} account={a} workspaceId={workspaceId} pending={link.isPending && link.variables?.accountId === a.accountId} onLink={(customerId) => link.mutate({ accountId: a.accountId, customerId })} />
              ))}
            </tbody>
          </table>
          {query.data.total > query.data.data.length && <p className="muted">The first {query.data.data.length} of {query.data.total}.</p>}
        </div>
      )}
      {link.isError && (
        <p className="form-error" role="alert">
          {errorMessage(link.error)}
        </p>
      )}
    </section>
  );
}

function AccountRow({ account, workspaceId, pending, onLink }: { account: SuccessAccount; workspaceId: string; pending: boolean; onLink: (customerId: string | null) => void }) {
  const [choosing, setChoosing] = useState(false);
  const s = account.suggestion;
  return (
    <tr data-testid="account-row">
      <td>
        <strong>{account.name ?? account.accountId}</strong>
        {account.name && <span className="cell-sub muted">{account.accountId}</span>}
      </td>
      <td className="num">{account.users}</td>
      <td>{when(account.lastSeenAt)}</td>
      <td>
        {account.customer ? (
          <>
            {account.customer.name ?? account.customer.email ?? account.customer.id}
            {account.linkRule && <span className="cell-sub muted">by {RULE_LABELS[account.linkRule]}</span>}
          </>
        ) : s ? (
          <>
            {s.customer.name ?? s.customer.email ?? s.customer.id}
            <span className="cell-sub muted">{s.reason}</span>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="actions">
        {choosing ? (
          <CustomerPicker workspaceId={workspaceId} onPick={(id) => (setChoosing(false), onLink(id))} onCancel={() => setChoosing(false)} />
        ) : (
          <>
            {!account.customer && s && (
              <button type="button" className="button button-small button-primary" disabled={pending} onClick={() => onLink(s.customer.id)}>
                Link to {s.customer.name ?? s.customer.id}
              </button>
            )}
            <button type="button" className="button button-small" disabled={pending} onClick={() => setChoosing(true)} data-testid="account-choose">
              {account.customer ? 'Change' : 'Choose customer'}
            </button>
            {account.customer && (
              <button type="button" className="button button-small button-quiet" disabled={pending} onClick={() => onLink(null)}>
                Unlink
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  );
}

/** A search over the customers list; a result is a button that picks it. */
function CustomerPicker({ workspaceId, onPick, onCancel }: { workspaceId: string; onPick: (customerId: string) => void; onCancel: () => void }) {
  const [q, setQ] = useState('');
  const term = q.trim();
  const results = useQuery({
    queryKey: ['customers', workspaceId, 'picker', term],
    queryFn: ({ signal }) => apiGet('/v1/customers', customerListResponse, { params: { workspace: workspaceId, q: term, limit: '8' }, signal }),
    enabled: term.length >= 2,
  });
  return (
    <div className="customer-picker">
      <input type="search" autoFocus value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, e-mail or id" aria-label="Find the customer" data-testid="customer-picker" />
      <button type="button" className="button button-small button-quiet" onClick={onCancel}>
        Cancel
      </button>
      {term.length >= 2 && (
        <ul className="picker-results">
          {results.data?.data.length === 0 && <li className="muted">No customer matches.</li>}
          {results.data?.data.map((c) => (
            <li key={c.id}>
              <button type="button" className="button-link" onClick={() => onPick(c.id)} data-testid="picker-result">
                {c.name ?? c.email ?? c.id} <span className="muted">{c.email && c.name ? c.email : c.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
