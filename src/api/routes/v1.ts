// The workspace-data API under /v1 (metrics, customers, payments, explain, exports). Each area
// has its own file; this one only registers them, so adding an area does not touch app.ts.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { annotationRoutes } from './annotations.js';
import { customerRoutes } from './customers.js';
import { explainRoutes } from './explain.js';
import { metricsRoutes } from './metrics.js';
import { metricsBreakdownRoutes } from './metrics-breakdowns.js';
import { metricsCohortRoutes } from './metrics-cohorts.js';
import { metricsPeriodRoutes } from './metrics-periods.js';
import { paymentRoutes } from './payments.js';
import { savedFilterRoutes } from './saved-filters.js';
import { settingsRoutes } from './settings.js';
import { workspaceSettingsRoutes } from './workspace-settings.js';
import { trackingRoutes } from './tracking.js';
import { successAccountRoutes } from './success-accounts.js';
import { supportRoutes } from './support.js';
import { planLimitRoutes } from './plan-limits.js';
import { customerHealthRoutes } from './customer-health.js';
import { successSettingsRoutes } from './success-settings.js';
import { riskRoutes } from './risk.js';
import { alertRoutes } from './alerts.js';
import { successRoutes } from './success.js';
import { segmentRoutes } from './segments.js';
import { reportRoutes } from './reports.js';
import { importRoutes } from './imports.js';
import { customerIdentityRoutes } from './customer-identities.js';
import { gdprRoutes } from './gdpr.js';
import { retentionRoutes } from './retention.js';
import { outgoingWebhookRoutes } from './outgoing-webhooks.js';

export async function v1Routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => metricsRoutes(scope, ctx));
  await app.register(async (scope) => metricsPeriodRoutes(scope, ctx));
  await app.register(async (scope) => metricsBreakdownRoutes(scope, ctx));
  await app.register(async (scope) => metricsCohortRoutes(scope, ctx));
  await app.register(async (scope) => customerRoutes(scope, ctx));
  await app.register(async (scope) => paymentRoutes(scope, ctx));
  await app.register(async (scope) => explainRoutes(scope, ctx));
  await app.register(async (scope) => settingsRoutes(scope, ctx));
  await app.register(async (scope) => savedFilterRoutes(scope, ctx));
  await app.register(async (scope) => workspaceSettingsRoutes(scope, ctx));
  await app.register(async (scope) => annotationRoutes(scope, ctx));
  // Customer success (issue 13).
  await app.register(async (scope) => trackingRoutes(scope, ctx));
  await app.register(async (scope) => successAccountRoutes(scope, ctx));
  await app.register(async (scope) => supportRoutes(scope, ctx));
  await app.register(async (scope) => planLimitRoutes(scope, ctx));
  await app.register(async (scope) => customerHealthRoutes(scope, ctx));
  await app.register(async (scope) => successSettingsRoutes(scope, ctx));
  await app.register(async (scope) => riskRoutes(scope, ctx));
  await app.register(async (scope) => alertRoutes(scope, ctx));
  await app.register(async (scope) => successRoutes(scope, ctx));
  await app.register(async (scope) => segmentRoutes(scope, ctx));
  // Reports (issue 14).
  await app.register(async (scope) => reportRoutes(scope, ctx));
  await app.register(async (scope) => importRoutes(scope, ctx));
  await app.register(async (scope) => customerIdentityRoutes(scope, ctx));
  // Trust and operations (issue 17).
  await app.register(async (scope) => gdprRoutes(scope, ctx));
  await app.register(async (scope) => retentionRoutes(scope, ctx));
  await app.register(async (scope) => outgoingWebhookRoutes(scope, ctx));
}
