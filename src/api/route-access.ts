// Every route declares who may call it, in its options: `config: { access: … }`. The accounts
// work (issue "Accounts and access") enforces these in one authorisation hook and checks that
// no route is registered without one.
//   'public'  — no authentication (health checks)
//   'webhook' — authenticated by the provider's signature, not by a user
//   a Permission — a signed-in user or API key whose role in the workspace grants it
export type Permission =
  | 'workspaces:read'
  | 'metrics:read'
  | 'customers:read'
  | 'exports:create'
  | 'sources:read'
  | 'sources:write'
  | 'sources:sync'
  | 'settings:write'
  | 'team:manage'
  | 'audit:read';

export type RouteAccess = 'public' | 'webhook' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
