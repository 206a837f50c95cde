// The OpenID Connect client side of single sign-on, on `openid-client`: discovery of a provider
// from its issuer URL (cached for a few minutes per issuer, client and secret), and the client
// authentication the provider prefers. Only HTTPS issuers, except plain HTTP on this machine's
// loopback address (a local Keycloak, the tests' provider).
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';

const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();

export type ProviderClient = { issuer: string; clientId: string; clientSecret: string };

/** An issuer Revpulse will talk to: HTTPS, or HTTP on a loopback host. No query or fragment. */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'is not a URL';
  }
  if (url.search || url.hash) return 'must not have a query or fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url)) return null;
  return 'must be an https:// URL (plain http only on localhost)';
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

async function discover(client: ProviderClient): Promise<oidc.Configuration> {
  const server = new URL(client.issuer);
  const insecure = server.protocol === 'http:' && isLoopback(server);
  const options = { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) };
  const discovered = await oidc.discovery(server, client.clientId, client.clientSecret, undefined, options);
  // client_secret_basic is the default of the specification and what most providers expect.
  const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic')) return discovered;
  const config = new oidc.Configuration(discovered.serverMetadata(), client.clientId, client.clientSecret, oidc.ClientSecretBasic(client.clientSecret));
  config.timeout = 10;
  if (insecure) oidc.allowInsecureRequests(config);
  return config;
}

/** The provider's configuration for this client; a failed discovery is not cached. */
export function providerConfig(client: ProviderClient, now: Date = new Date()): Promise<oidc.Configuration> {
  const key = [client.issuer, client.clientId, createHash('sha256').update(client.clientSecret).digest('hex')].join('\n');
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < CACHE_MS) return hit.config;
  const config = discover(client);
  cache.set(key, { config, at: now.getTime() });
  config.catch(() => cache.delete(key));
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  return config;
}

export { oidc };
