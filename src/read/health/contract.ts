// GET /v1/customers/:id/health (a customer's score, its components and its trend) and
// GET/PUT /v1/settings/success (the workspace's customer-success settings). The routes serialise
// with these and the web app parses with them. The settings' validation (weights sum to 100, bands
// in order) is src/core/success-settings.ts; test/unit/core/health-settings.test.ts checks that
// shape and this one agree.
import * as z from 'zod/mini';
import { day, timestamp } from '../contract-common.js';

export const HEALTH_COMPONENT_NAMES = ['usage', 'engagement', 'support', 'payment', 'adoption'] as const;
export const healthComponentName = z.enum(HEALTH_COMPONENT_NAMES);
export type HealthComponentName = z.infer<typeof healthComponentName>;

export const HEALTH_BAND_NAMES = ['high_risk', 'medium', 'healthy'] as const;
export const healthBand = z.enum(HEALTH_BAND_NAMES);
export type HealthBandName = z.infer<typeof healthBand>;

const score = z.int().check(z.minimum(0), z.maximum(100));

export const healthComponent = z.object({
  name: healthComponentName,
  label: z.string(),
  weight: z.int().check(z.describe("The workspace's weight for this component (%), before renormalising over the components with data")),
  value: z.nullable(z.number().check(z.minimum(0), z.maximum(100), z.describe('0–100, one decimal; null: no data (left out of the score)'))),
  explanation: z.string().check(z.describe('The numbers behind the value, in one line')),
});
export type HealthComponent = z.infer<typeof healthComponent>;

export const healthTrendPoint = z.object({ day, score: z.nullable(score), band: z.nullable(healthBand) });
export type HealthTrendPoint = z.infer<typeof healthTrendPoint>;

export const healthResponse = z.object({
  customerId: z.string(),
  day,
  score: z.nullable(score).check(z.describe('0–100; null only when no component has data')),
  band: z.nullable(healthBand),
  partial: z.boolean().check(z.describe('Some components had no data: the others were reweighted')),
  missing: z.array(healthComponentName),
  components: z.array(healthComponent),
  trend: z.array(healthTrendPoint).check(z.describe('Daily snapshots, oldest first, up to and including the as-of day')),
  asOf: timestamp,
});
export type HealthResponse = z.infer<typeof healthResponse>;

// ── Settings (GET/PUT /v1/settings/success) ────────────────────────────────────────────────────

const percent = z.int().check(z.minimum(0), z.maximum(100));
const positive = z.number().check(z.positive());
const nonNegative = z.number().check(z.nonnegative());
const eventName = z.string().check(z.minLength(1), z.maxLength(200));

export const successSettingsShape = z.object({
  weights: z.object({ usage: percent, engagement: percent, support: percent, payment: percent, adoption: percent }),
  bands: z.object({ highRiskBelow: percent, healthyAbove: percent }),
  components: z.object({
    usage: z.object({
      dropForZero: z.number().check(z.positive(), z.maximum(100)),
      growthForFull: nonNegative,
      seatShare: percent,
      seatTarget: z.number().check(z.positive(), z.maximum(1)),
    }),
    engagement: z.object({ activeDaysTarget: z.int().check(z.minimum(1), z.maximum(30)), usersShare: percent }),
    support: z.object({
      openTicketPenalty: nonNegative,
      urgentTicketPenalty: nonNegative,
      responseHoursTarget: positive,
      slowResponsePenalty: nonNegative,
      satisfactionPoints: nonNegative,
      npsShare: percent,
    }),
    payment: z.object({ failedPaymentPenalty: nonNegative, lastPaymentFailedPenalty: nonNegative, discountPenalty: nonNegative }),
    adoption: z.object({ topFeatures: z.int().check(z.minimum(1), z.maximum(50)) }),
  }),
  keyFeatures: z.array(eventName).check(z.maxLength(50)),
  onboarding: z.object({
    windowDays: z.int().check(z.minimum(1), z.maximum(365)),
    milestones: z.array(z.object({
      key: z.string().check(z.regex(/^[a-z0-9_-]{1,50}$/, 'must be 1–50 of a-z, 0-9, _ and -')),
      label: z.string().check(z.minLength(1), z.maxLength(100)),
      event: eventName,
    })).check(z.maxLength(20)),
  }),
});
export type SuccessSettingsShape = z.infer<typeof successSettingsShape>;

export const successSettingsResponse = z.object({
  settings: successSettingsShape,
  defaults: successSettingsShape,
  /** When they were last saved and by whom (null: never — the defaults apply). */
  updatedAt: z.nullable(timestamp),
  updatedBy: z.nullable(z.string()),
});
export type SuccessSettingsResponse = z.infer<typeof successSettingsResponse>;
