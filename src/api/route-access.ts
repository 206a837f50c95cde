// Every route declares who may call it, in its options: `config: { access: … }`. The accounts
// work (issue "Accounts and access") enforces these in one authorisation hook and checks that
// no route is registered without one.
//   'public'  — no authentication (health checks)
//   'webhook' — authenticated by the provider's signature, not by a user
//   'user'    — any signed-in person, about their own account; names no workspace (API keys: 403)
//   a Permission — a signed-in user or API key whose role in the workspace grants it
// Which role grants which permission: src/accounts/permissions.ts (the one matrix).
import type { Permission } from '../accounts/permissions.js';

export type RouteAccess = 'public' | 'webhook' | 'user' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
