// A real OpenID Connect provider (oidc-provider v8) on a loopback port, for the single sign-on
// tests. Accounts are set by the test; the login and consent steps are answered by a small
// handler instead of forms: each sign-in logs in as `nextLogin` (with its amr) and grants the
// scopes asked for. A browser is imitated by `Browser`: a cookie jar that follows redirects.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestAccount = { email: string; email_verified: boolean; name?: string };

export type OidcTestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Who the next sign-in at the provider is, and the authentication methods it reports. */
  nextLogin: { accountId: string; amr?: string[] };
  close(): Promise<void>;
};

export async function startOidcProvider(input: { redirectUri: string }): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const state: OidcTestProvider = {
    issuer,
    clientId: 'revpulse-test',
    clientSecret: 'a-client-secret-for-the-tests-only',
    accounts,
    nextLogin: { accountId: 'nobody' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const provider = new Provider(issuer, {
    clients: [{ client_id: state.clientId, client_secret: state.clientSecret, redirect_uris: [input.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    claims: { acr: null, auth_time: null, iss: null, sid: null, openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false } },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: state.nextLogin.accountId, ...(state.nextLogin.amr ? { amr: state.nextLogin.amr } : {}) } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId!, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  return state;
}

/** A browser's cookie handling, enough for one origin at a time (the provider's). */
export class Browser {
  private readonly cookies = new Map<string, string>();

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Follows the provider's redirects until one leaves `origin`; returns that URL. */
  async followUntilLeaving(url: string, origin: string): Promise<URL> {
    let next = new URL(url);
    for (let hop = 0; hop < 20; hop++) {
      if (next.origin !== origin) return next;
      const response = await fetch(next, { redirect: 'manual', headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      this.remember(response);
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider answered ${response.status} without a redirect at ${next.href}: ${(await response.text()).slice(0, 300)}`);
      next = new URL(location, next);
    }
    throw new Error('too many redirects at the provider');
  }
}
