// Single sign-on: the OpenID Connect sign-in flow and each workspace's SSO settings (docs/sso.md).
// (Scaffold: the issue 17 work fills this in.)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function ssoRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  void app;
  void ctx;
}
