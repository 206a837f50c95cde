// What the team, key, audit and security-event endpoints answer.
import * as z from 'zod/mini';
import { timestampSchema } from '../../lib/schemas.js';
import { roleSchema } from '../auth/session.js';

export const teamSchema = z.object({
  members: z.array(
    z.object({
      userId: z.string(),
      email: z.string(),
      name: z.nullable(z.string()),
      role: roleSchema,
      totpEnabled: z.boolean(),
      joinedAt: timestampSchema,
      lastLoginAt: z.nullable(timestampSchema),
    }),
  ),
  invitations: z.array(z.object({ id: z.string(), email: z.string(), role: roleSchema, expiresAt: timestampSchema })),
  requireAdminTotp: z.boolean(),
});
export type Team = z.infer<typeof teamSchema>;

export const invitationCreatedSchema = z.object({ link: z.string() });

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: timestampSchema,
  lastUsedAt: z.nullable(timestampSchema),
  revokedAt: z.nullable(timestampSchema),
});
export const keyListSchema = z.object({ data: z.array(keySchema) });
export const keyCreatedSchema = z.object({ key: keySchema, token: z.string() });
export type ApiKey = z.infer<typeof keySchema>;

export const auditPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.int(),
      at: timestampSchema,
      actorType: z.string(),
      actorLabel: z.string(),
      action: z.string(),
      targetLabel: z.nullable(z.string()),
      targetId: z.nullable(z.string()),
      ip: z.nullable(z.string()),
      userAgent: z.nullable(z.string()),
    }),
  ),
  nextBefore: z.nullable(z.int()),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const securityPageSchema = z.object({
  data: z.array(
    z.object({
      id: z.int(),
      at: timestampSchema,
      type: z.string(),
      severity: z.enum(SEVERITIES),
      subject: z.nullable(z.string()),
      ip: z.nullable(z.string()),
      userAgent: z.nullable(z.string()),
    }),
  ),
  nextBefore: z.nullable(z.int()),
});
export type SecurityPage = z.infer<typeof securityPageSchema>;

export const okSchema = z.object({});
