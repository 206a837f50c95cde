// A workspace's customer-success settings: the health score's weights, its components' parameters
// and bands, the key features of the adoption component, and the onboarding milestones. The
// schema validates what GET/PUT /v1/settings/success store (src/store/success-settings-repo.ts
// reads them back, defaults when nothing is stored); every other helper reads the same type.
// Pure: zod/mini only. The web app's copy of the shape is src/read/health/contract.ts
// (`successSettingsShape`); test/unit/core/health-settings.test.ts checks the two agree.
import * as z from 'zod/mini';

export const HEALTH_COMPONENTS = ['usage', 'engagement', 'support', 'payment', 'adoption'] as const;
export type HealthComponentName = (typeof HEALTH_COMPONENTS)[number];

export const HEALTH_BANDS = ['high_risk', 'medium', 'healthy'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

const percent = z.int().check(z.minimum(0), z.maximum(100));
const positive = z.number().check(z.positive());
const nonNegative = z.number().check(z.nonnegative());
const eventName = z.string().check(z.minLength(1), z.maxLength(200));

const weights = z.object({ usage: percent, engagement: percent, support: percent, payment: percent, adoption: percent });

const bands = z.object({
  /** A score below this is high risk. */
  highRiskBelow: percent,
  /** A score above this is healthy; from highRiskBelow to here, medium. */
  healthyAbove: percent,
});

const components = z.object({
  usage: z.object({
    /** Events 30 days vs the 30 before: a fall of this many percent or more scores 0 … */
    dropForZero: z.number().check(z.positive(), z.maximum(100)),
    /** … a rise of this many percent or more scores 100, linear in between. */
    growthForFull: nonNegative,
    /** Share (%) of the usage component taken by seat utilisation when the plan limits seats. */
    seatShare: percent,
    /** Seats in use / seats at which the seat part scores 100 (e.g. 0.8 = 80%). */
    seatTarget: z.number().check(z.positive(), z.maximum(1)),
  }),
  engagement: z.object({
    /** Active days out of 30 that score the full active-days part. */
    activeDaysTarget: z.int().check(z.minimum(1), z.maximum(30)),
    /** Share (%) of engagement taken by active users kept vs the previous 30 days. */
    usersShare: percent,
  }),
  support: z.object({
    openTicketPenalty: nonNegative,
    /** Added to openTicketPenalty for an open urgent or high-priority ticket. */
    urgentTicketPenalty: nonNegative,
    /** Median hours to first response above this costs slowResponsePenalty. */
    responseHoursTarget: positive,
    slowResponsePenalty: nonNegative,
    /** Points per satisfaction point away from 3 (of 1–5), up or down. */
    satisfactionPoints: nonNegative,
    /** Share (%) of the support component taken by the latest NPS answer (score × 10). */
    npsShare: percent,
  }),
  payment: z.object({
    /** Per failed payment attempt in the last 30 days (at most three count). */
    failedPaymentPenalty: nonNegative,
    lastPaymentFailedPenalty: nonNegative,
    discountPenalty: nonNegative,
  }),
  adoption: z.object({
    /** Without keyFeatures: the workspace's this-many most used event names of the last 30 days. */
    topFeatures: z.int().check(z.minimum(1), z.maximum(50)),
  }),
});

const milestone = z.object({
  key: z.string().check(z.regex(/^[a-z0-9_-]{1,50}$/, 'must be 1–50 of a-z, 0-9, _ and -')),
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  event: eventName,
});

const onboarding = z.object({
  windowDays: z.int().check(z.minimum(1), z.maximum(365)),
  milestones: z.array(milestone).check(z.maxLength(20)),
});

const shape = z.object({
  weights,
  bands,
  components,
  /** The adoption component's key features (track event names); empty: the workspace's top ones. */
  keyFeatures: z.array(eventName).check(z.maxLength(50)),
  onboarding,
});

export type SuccessSettings = z.infer<typeof shape>;
export type HealthWeights = SuccessSettings['weights'];
export type HealthBands = SuccessSettings['bands'];
export type HealthParameters = SuccessSettings['components'];
export type OnboardingMilestone = SuccessSettings['onboarding']['milestones'][number];

/** The rules zod's shapes cannot say: weights sum to 100, bands in order, unique keys. */
export function settingsProblems(s: SuccessSettings): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const sum = HEALTH_COMPONENTS.reduce((total, name) => total + s.weights[name], 0);
  if (sum !== 100) problems.push({ path: 'weights', message: `weights must sum to 100 (got ${sum})` });
  if (s.bands.highRiskBelow > s.bands.healthyAbove) {
    problems.push({ path: 'bands.highRiskBelow', message: `must not be above bands.healthyAbove (${s.bands.highRiskBelow} > ${s.bands.healthyAbove})` });
  }
  const keys = new Set<string>();
  s.onboarding.milestones.forEach((m, i) => {
    if (keys.has(m.key)) problems.push({ path: `onboarding.milestones.${i}.key`, message: `duplicate milestone key "${m.key}"` });
    keys.add(m.key);
  });
  return problems;
}

/** The settings schema: the shape, then settingsProblems. */
export const successSettingsSchema = shape.check(
  z.superRefine((s, ctx) => {
    for (const p of settingsProblems(s)) ctx.issues.push({ code: 'custom', message: p.message, path: p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), input: s });
  }),
);

export const DEFAULT_SUCCESS_SETTINGS: SuccessSettings = {
  weights: { usage: 30, engagement: 25, support: 20, payment: 15, adoption: 10 },
  bands: { highRiskBelow: 40, healthyAbove: 70 },
  components: {
    usage: { dropForZero: 50, growthForFull: 20, seatShare: 40, seatTarget: 0.8 },
    engagement: { activeDaysTarget: 20, usersShare: 40 },
    support: { openTicketPenalty: 10, urgentTicketPenalty: 15, responseHoursTarget: 24, slowResponsePenalty: 15, satisfactionPoints: 10, npsShare: 30 },
    payment: { failedPaymentPenalty: 20, lastPaymentFailedPenalty: 30, discountPenalty: 10 },
    adoption: { topFeatures: 5 },
  },
  keyFeatures: [],
  onboarding: {
    windowDays: 30,
    milestones: [
      { key: 'account_created', label: 'Account Created', event: 'Account Created' },
      { key: 'integration_connected', label: 'Integration Connected', event: 'Integration Connected' },
      { key: 'invite_sent', label: 'Invite Sent', event: 'Invite Sent' },
      { key: 'report_created', label: 'Report Created', event: 'Report Created' },
    ],
  },
};

/** Stored settings over the defaults: a section missing from what is stored (an older version)
 *  takes its default, so adding a setting never breaks a workspace's saved ones. */
export function withDefaults(stored: unknown): SuccessSettings {
  const d = DEFAULT_SUCCESS_SETTINGS;
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<keyof SuccessSettings, unknown>>;
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const c = obj(s.components);
  const merged = {
    weights: { ...d.weights, ...obj(s.weights) },
    bands: { ...d.bands, ...obj(s.bands) },
    components: {
      usage: { ...d.components.usage, ...obj(c.usage) },
      engagement: { ...d.components.engagement, ...obj(c.engagement) },
      support: { ...d.components.support, ...obj(c.support) },
      payment: { ...d.components.payment, ...obj(c.payment) },
      adoption: { ...d.components.adoption, ...obj(c.adoption) },
    },
    keyFeatures: Array.isArray(s.keyFeatures) ? s.keyFeatures : d.keyFeatures,
    onboarding: { ...d.onboarding, ...obj(s.onboarding) },
  };
  const parsed = successSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : d;
}

/** The band of a score (null: no score). */
export function bandOf(score: number | null, b: HealthBands): HealthBand | null {
  if (score === null) return null;
  if (score < b.highRiskBelow) return 'high_risk';
  if (score > b.healthyAbove) return 'healthy';
  return 'medium';
}
