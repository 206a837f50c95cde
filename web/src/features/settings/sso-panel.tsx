// Settings → Single sign-on: the workspace's OpenID Connect provider (issuer, client id, a
// write-only client secret), the role a person gets on first sign-in, the allowed e-mail domains,
// "SSO required", the redirect URI to register at the provider and a test sign-in (docs/sso.md).
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { ErrorNotice } from '../../app/error-notice.js';
import { apiSend, errorMessage } from '../../lib/api-client.js';
import { CopyField } from './copy-field.js';
import { useSettingsQuery } from './use-settings-query.js';

const ROLES = ['viewer', 'analyst', 'billing', 'admin'] as const;
type SsoRole = (typeof ROLES)[number];

const ssoSchema = z.object({
  configured: z.boolean(),
  issuer: z.nullable(z.string()),
  clientId: z.nullable(z.string()),
  clientSecretSet: z.boolean(),
  defaultRole: z.enum(ROLES),
  ssoRequired: z.boolean(),
  enabled: z.boolean(),
  allowedDomains: z.array(z.string()),
  allowUnverifiedEmail: z.boolean(),
  updatedAt: z.nullable(z.string()),
  redirectUri: z.string(),
  startUrl: z.string(),
});
type SsoSettings = z.infer<typeof ssoSchema>;

type Form = { issuer: string; clientId: string; clientSecret: string; defaultRole: SsoRole; domains: string; ssoRequired: boolean; enabled: boolean; allowUnverifiedEmail: boolean };

const formOf = (s: SsoSettings): Form => ({
  issuer: s.issuer ?? '',
  clientId: s.clientId ?? '',
  clientSecret: '',
  defaultRole: s.defaultRole,
  domains: s.allowedDomains.join(', '),
  ssoRequired: s.ssoRequired,
  enabled: s.configured ? s.enabled : true,
  allowUnverifiedEmail: s.allowUnverifiedEmail,
});

/** "acme.com, example.org" → ['acme.com', 'example.org'] (the server checks each). */
export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter((d) => d.length > 0);
}

export function SsoPanel({ workspaceId }: { workspaceId: string }) {
  const { query, params, refresh } = useSettingsQuery('sso', '/v1/sso', ssoSchema, workspaceId);
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data) setForm(formOf(query.data));
  }, [query.data]);
  const save = useMutation({
    mutationFn: (f: Form) =>
      apiSend('PUT', '/v1/sso', ssoSchema, {
        params,
        body: {
          issuer: f.issuer.trim(),
          clientId: f.clientId.trim(),
          ...(f.clientSecret ? { clientSecret: f.clientSecret } : {}),
          defaultRole: f.defaultRole,
          ssoRequired: f.ssoRequired,
          enabled: f.enabled,
          allowedDomains: parseDomains(f.domains),
          allowUnverifiedEmail: f.allowUnverifiedEmail,
        },
      }),
    onSuccess: () => (setSaved(true), refresh()),
  });

  if (query.isError) return <ErrorNotice title="Could not load the single sign-on settings" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (!query.data || !form) return <p className="muted">Loading…</p>;
  const s = query.data;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => (setSaved(false), setForm({ ...form, [key]: value }));
  const submit = (event: FormEvent<HTMLFormElement>) => (event.preventDefault(), save.mutate(form));

  return (
    <div className="stack" data-testid="sso-panel">
      <section className="panel">
        <h2 className="panel-title">Identity provider (OpenID Connect)</h2>
        <p className="muted">
          Create an OpenID Connect web application at your provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak…) with the authorization code flow, register the
          redirect URI below, and paste its issuer, client id and client secret here.
        </p>
        <CopyField label="Redirect URI to register at the provider" value={s.redirectUri} testId="sso-redirect-uri" />
        <form className="stack" onSubmit={submit} data-testid="sso-form">
          <label className="field">
            <span>Issuer URL</span>
            <input value={form.issuer} onChange={(e) => set('issuer', e.target.value)} required maxLength={500} placeholder="https://your-company.okta.com" data-testid="sso-issuer" />
          </label>
          <label className="field">
            <span>Client id</span>
            <input value={form.clientId} onChange={(e) => set('clientId', e.target.value)} required maxLength={500} autoComplete="off" data-testid="sso-client-id" />
          </label>
          <label className="field">
            <span>Client secret{s.clientSecretSet ? ' (stored; leave empty to keep it)' : ''}</span>
            <input
              type="password"
              value={form.clientSecret}
              onChange={(e) => set('clientSecret', e.target.value)}
              required={!s.clientSecretSet}
              maxLength={2000}
              autoComplete="new-password"
              placeholder={s.clientSecretSet ? '••••••••' : ''}
              data-testid="sso-client-secret"
            />
          </label>
          <label className="field">
            <span>Role of a person on their first sign-in</span>
            <select value={form.defaultRole} onChange={(e) => set('defaultRole', e.target.value as SsoRole)} data-testid="sso-default-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Allowed e-mail domains (comma-separated; empty: any the provider signs in)</span>
            <input value={form.domains} onChange={(e) => set('domains', e.target.value)} placeholder="example.com" data-testid="sso-domains" />
          </label>
          <label className="check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="sso-enabled" /> Single sign-on is on
          </label>
          <label className="check">
            <input type="checkbox" checked={form.ssoRequired} onChange={(e) => set('ssoRequired', e.target.checked)} data-testid="sso-required" /> Require single sign-on: members
            other than owners cannot open this workspace with a password session (owners keep it as a break-glass way in; API keys are not affected)
          </label>
          <label className="check">
            <input type="checkbox" checked={form.allowUnverifiedEmail} onChange={(e) => set('allowUnverifiedEmail', e.target.checked)} /> Accept e-mail addresses the provider has not
            verified (they never take over an existing account)
          </label>
          {save.isError && (
            <p className="form-error" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          {saved && !save.isPending && (
            <p className="form-notice" role="status" data-testid="sso-saved">
              Saved.
            </p>
          )}
          <div className="inline-form">
            <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="sso-save">
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            {s.configured && s.enabled && (
              <a className="button" href={`${s.startUrl}?returnTo=${encodeURIComponent('/settings/sso')}`} data-testid="sso-test-link">
                Test sign-in
              </a>
            )}
          </div>
          {s.configured && s.enabled && (
            <p className="muted">Test sign-in goes through the provider and comes back here signed in through it (your current session is replaced).</p>
          )}
        </form>
      </section>
    </div>
  );
}
