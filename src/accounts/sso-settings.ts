// A workspace's single sign-on settings (docs/sso.md): the body PUT /v1/sso takes, how it is saved
// (the client secret sealed, kept when not sent again) and what is shown back (never the secret).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import { SSO_DEFAULT_ROLES } from '../store/schema-sso.js';
import { findSsoSettings, putSsoSettings } from '../store/sso-repo.js';
import { ApiError } from '../errors.js';
import { issuerProblem } from './oidc-client.js';
import { recordAudit, type Actor, type RequestMeta } from './security-log.js';

const noNul = (value: string) => !value.includes('\u0000');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name like example.com');

export const ssoSettingsBody = z.object({
  issuer: z
    .string()
    .trim()
    .max(500)
    .superRefine((value, context) => {
      const problem = issuerProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: `the issuer ${problem}` });
    })
    .describe("The provider's issuer URL (its /.well-known/openid-configuration is read from it)"),
  clientId: z.string().trim().min(1).max(500).refine(noNul, 'must not contain NUL characters'),
  clientSecret: z.string().min(1).max(2000).refine(noNul, 'must not contain NUL characters').optional().describe('Write-only; leave out to keep the stored one'),
  defaultRole: z.enum(SSO_DEFAULT_ROLES).describe('The role a person gets on their first sign-in (never owner)'),
  ssoRequired: z.boolean().describe('Members other than owners may open the workspace only through SSO'),
  enabled: z.boolean().default(true),
  allowedDomains: z.array(domain).max(50).default([]).describe('E-mail domains allowed to sign in; empty: any'),
  allowUnverifiedEmail: z.boolean().default(false).describe("Accept an e-mail the provider has not verified (never to link an existing account)"),
});
export type SsoSettingsBody = z.infer<typeof ssoSettingsBody>;

export type SsoSettingsView = {
  configured: boolean;
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  defaultRole: (typeof SSO_DEFAULT_ROLES)[number];
  ssoRequired: boolean;
  enabled: boolean;
  allowedDomains: string[];
  allowUnverifiedEmail: boolean;
  updatedAt: string | null;
  /** What to register at the provider as the redirect (callback) URI. */
  redirectUri: string;
  /** Where a sign-in through this workspace's provider starts (the "test sign-in" link). */
  startUrl: string;
};

export async function ssoSettingsView(db: Kysely<Database>, workspace: { id: string; slug: string }, urls: { redirectUri: string; startUrl: string }): Promise<SsoSettingsView> {
  const s = await findSsoSettings(db, workspace.id);
  return {
    configured: s !== null,
    issuer: s?.issuer ?? null,
    clientId: s?.clientId ?? null,
    clientSecretSet: s !== null,
    defaultRole: s?.defaultRole ?? 'viewer',
    ssoRequired: s?.ssoRequired ?? false,
    enabled: s?.enabled ?? false,
    allowedDomains: s?.allowedDomains ?? [],
    allowUnverifiedEmail: s?.allowUnverifiedEmail ?? false,
    updatedAt: s?.updatedAt.toISOString() ?? null,
    ...urls,
  };
}

export async function saveSsoSettings(
  db: Kysely<Database>,
  box: SecretBox,
  input: { workspaceId: string; body: SsoSettingsBody; actor: Actor; meta: RequestMeta; at: Date },
): Promise<void> {
  const { body } = input;
  const previous = await findSsoSettings(db, input.workspaceId);
  if (!previous && body.clientSecret === undefined) throw new ApiError('RVP_VALIDATION', 'clientSecret: the client secret is required the first time single sign-on is set up');
  if (body.clientSecret !== undefined && !box.canSeal) throw new ApiError('RVP_SECRET_KEY_MISSING');
  const clientSecretEnc = body.clientSecret !== undefined ? box.seal(body.clientSecret) : previous!.clientSecretEnc;
  const allowedDomains = [...new Set(body.allowedDomains)];
  await putSsoSettings(db, {
    workspaceId: input.workspaceId,
    issuer: body.issuer,
    clientId: body.clientId,
    clientSecretEnc,
    defaultRole: body.defaultRole,
    ssoRequired: body.ssoRequired,
    enabled: body.enabled,
    allowedDomains,
    allowUnverifiedEmail: body.allowUnverifiedEmail,
    updatedBy: input.actor.label,
    at: input.at,
  });
  const { clientSecret, ...shown } = body;
  await recordAudit(db, {
    workspaceIds: [input.workspaceId],
    actor: input.actor,
    action: 'sso.settings_updated',
    target: { type: 'workspace', id: input.workspaceId },
    detail: { ...shown, allowedDomains, clientSecretChanged: clientSecret !== undefined, ...(previous ? { previous: { issuer: previous.issuer, ssoRequired: previous.ssoRequired, enabled: previous.enabled } } : {}) },
    meta: input.meta,
    at: input.at,
  });
}
