// What the settings endpoints answer: sources and their sync, dead letters, the team and its
// invitations, API keys, the audit log and the security events. One shape each, for the routes and
// the Settings screen (web/src/features/settings).
import * as z from 'zod/mini';
import { count, timestamp } from '../contract-common.js';

export const ROLES = ['owner', 'admin', 'analyst', 'viewer', 'billing'] as const;
export const role = z.enum(ROLES);
/** A key's role: a member role but owner, or `ingest` (a write key for the tracking API). */
export const KEY_ROLES = ['admin', 'analyst', 'viewer', 'billing', 'ingest'] as const;
export const keyRole = z.enum(KEY_ROLES);

// ── Sources (GET/POST /v1/sources, POST /v1/sources/:id/sync) ──────────────────────────────────

export const FRESHNESS = ['live', 'syncing', 'stale', 'error'] as const;

/** A source: never a secret, only whether a webhook secret and an API key are set. */
export const source = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  mode: z.enum(['test', 'live']),
  freshness: z.enum(FRESHNESS),
  webhookUrl: z.string(),
  hasWebhookSecret: z.boolean(),
  hasApiKey: z.boolean(),
  /** PayPal's settings that are not secrets (the client secret is only ever "set"). */
  paypal: z.nullable(z.object({ clientId: z.string(), webhookId: z.string(), sandbox: z.boolean() })),
  lastEventAt: z.nullable(timestamp),
  lastSyncedAt: z.nullable(timestamp),
  lastError: z.nullable(z.string()),
  deadLetters: z.int().check(z.describe('Events parked after five failed attempts (docs/operations.md)')),
  sync: z.object({
    running: z.nullable(z.string()),
    runningSince: z.nullable(timestamp),
    backfill: z.object({
      status: z.enum(['none', 'running', 'done', 'failed']),
      startedAt: z.nullable(timestamp),
      finishedAt: z.nullable(timestamp),
      done: count,
      total: z.nullable(count),
      historyBefore: z.nullable(timestamp),
    }),
  }),
  createdAt: timestamp,
});
export type Source = z.infer<typeof source>;

export const sourceList = z.object({ data: z.array(source) });
export const sourceCreated = z.object({ source });
export const syncStarted = z.object({ sync: z.object({ sourceId: z.string(), kind: z.enum(['full', 'incremental']), startedAt: timestamp }) });

// ── Dead letters (GET /v1/dead-letters, POST /v1/dead-letters/retry) ───────────────────────────

export const deadLetters = z.object({
  events: z.array(z.object({ sourceId: z.string(), eventId: z.string(), type: z.string(), created: timestamp, attempts: count, lastError: z.nullable(z.string()), deadAt: timestamp })),
  ledgers: z.array(z.object({ customerId: z.string(), attempts: count, lastError: z.nullable(z.string()), deadAt: timestamp })),
});
export type DeadLetters = z.infer<typeof deadLetters>;
export const retried = z.object({ retried: z.object({ events: count, ledgers: count }) });

// ── Team (GET /v1/team, POST /v1/team/invitations) ───────────────────────────────────────────

export const team = z.object({
  members: z.array(z.object({
    userId: z.string(),
    email: z.string(),
    name: z.nullable(z.string()),
    role,
    totpEnabled: z.boolean(),
    joinedAt: timestamp,
    lastLoginAt: z.nullable(timestamp),
  })),
  invitations: z.array(z.object({ id: z.string(), email: z.string(), role, expiresAt: timestamp })),
  requireAdminTotp: z.boolean(),
});
export type Team = z.infer<typeof team>;

export const invitationCreated = z.object({ link: z.string() });

// ── API keys (GET/POST /v1/api-keys) ─────────────────────────────────────────────────────────

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: keyRole,
  createdAt: timestamp,
  lastUsedAt: z.nullable(timestamp),
  revokedAt: z.nullable(timestamp),
});
export type ApiKey = z.infer<typeof apiKey>;
export const apiKeyList = z.object({ data: z.array(apiKey) });
export const apiKeyCreated = z.object({ key: apiKey, token: z.string() });

// ── Audit log and security events (GET /v1/audit, /v1/security-events) ─────────────────────────

export const auditPage = z.object({
  data: z.array(z.object({
    id: z.int(),
    at: timestamp,
    actorType: z.string(),
    actorLabel: z.string(),
    action: z.string(),
    targetLabel: z.nullable(z.string()),
    targetId: z.nullable(z.string()),
    ip: z.nullable(z.string()),
    userAgent: z.nullable(z.string()),
  })),
  nextBefore: z.nullable(z.int()),
});
export type AuditPage = z.infer<typeof auditPage>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const securityPage = z.object({
  data: z.array(z.object({
    id: z.int(),
    at: timestamp,
    type: z.string(),
    severity: z.enum(SEVERITIES),
    subject: z.nullable(z.string()),
    ip: z.nullable(z.string()),
    userAgent: z.nullable(z.string()),
  })),
  nextBefore: z.nullable(z.int()),
});
export type SecurityPage = z.infer<typeof securityPage>;

/** What an action without a body of its own answers. */
export const ok = z.object({});
